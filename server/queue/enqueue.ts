// A visitor joins the queue. Routing runs in the worker (a pg-boss job), so the request returns at
// once and a restart of any process loses nothing: the entry is in the database before anyone is told.
import { db } from "../db";
import { AppError } from "../errors";
import { applyEffects, newEffects } from "../routing/effects";

export const MAX_QUESTION_LENGTH = 1000;

export async function enqueueVisitor(input: {
  orgId: string;
  launcherId: string;
  scenarioId: string;
  visitorId: string;
  question: string;
  referrerUrl: string | null;
  /** The visitor's avatar the page rule (or launcher) picked at entry (server/avatars/seat.ts). */
  avatarUrl?: string | null;
  /** The visitor's IP address at entry; with `enqueuedAt` the entry's stamp, shown to staff only. */
  clientAddress?: string | null;
  priority?: number;
  now?: Date;
}) {
  const question = input.question.trim();
  if (question.length > MAX_QUESTION_LENGTH) {
    throw new AppError("BAD_REQUEST", `Please keep your question under ${MAX_QUESTION_LENGTH} characters.`);
  }
  // A visitor waits in one line at a time: a second click (another tab) rejoins the same entry.
  const existing = await db.queueEntry.findFirst({
    where: { orgId: input.orgId, visitorId: input.visitorId, status: { in: ["WAITING", "OFFERED"] } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, rejoined: true };
  const entry = await db.queueEntry.create({
    data: {
      orgId: input.orgId,
      launcherId: input.launcherId,
      scenarioId: input.scenarioId,
      visitorId: input.visitorId,
      question,
      referrerUrl: input.referrerUrl,
      avatarUrl: input.avatarUrl ?? null,
      clientAddress: input.clientAddress ?? null,
      priority: input.priority ?? 0,
      enqueuedAt: input.now ?? new Date(),
    },
    select: { id: true },
  });
  const fx = newEffects();
  fx.queueChanged.add(input.orgId);
  fx.dispatch.add(input.orgId);
  await applyEffects(fx);
  return { id: entry.id, rejoined: false };
}
