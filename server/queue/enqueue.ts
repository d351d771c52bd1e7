// A visitor joins the queue. The request returns once the entry is in the database; the dispatch
// round that offers it runs after (routing/effects.ts, requestDispatch), so a restart of any process
// loses nothing: the worker's sweep offers whatever is still waiting.
import "server-only";
import { randomBytes } from "node:crypto";
import { queueDb } from "../db";
import { AppError } from "../errors";
import { applyEffects, newEffects } from "../routing/effects";
import { queueWebhookEvent } from "../webhooks/emit";

export const MAX_QUESTION_LENGTH = 1000;

const newEntryId = () => `qe${randomBytes(15).toString("base64url")}`;

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
  // One statement and no routing lock: an arrival never waits on a dispatch round, an accept or
  // another arrival. A visitor waits in one line at a time: a second click (another tab) rejoins
  // the same entry (read after the insert found it, the rare path).
  const db = queueDb("arrivals");
  const [created] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "QueueEntry" (id, "orgId", "launcherId", "scenarioId", "visitorId", question, "referrerUrl", "avatarUrl", "clientAddress", priority, "enqueuedAt")
    SELECT ${newEntryId()}, ${input.orgId}, ${input.launcherId}, ${input.scenarioId}, ${input.visitorId}, ${question}, ${input.referrerUrl},
      ${input.avatarUrl ?? null}, ${input.clientAddress ?? null}, ${input.priority ?? 0}, ${input.now ?? new Date()}
    WHERE NOT EXISTS (
      SELECT 1 FROM "QueueEntry" WHERE "orgId" = ${input.orgId} AND "visitorId" = ${input.visitorId} AND status IN ('WAITING', 'OFFERED'))
    RETURNING id`;
  if (!created) {
    const existing = await db.queueEntry.findFirst({
      where: { orgId: input.orgId, visitorId: input.visitorId, status: { in: ["WAITING", "OFFERED"] } },
      select: { id: true },
    });
    // Closed between the two statements (an offer taken, the visitor gone): a fresh entry then.
    if (!existing) return enqueueVisitor(input);
    return { id: existing.id, rejoined: true };
  }
  const entry = created;
  const fx = newEffects();
  fx.queueChanged.add(input.orgId);
  fx.dispatch.add(input.orgId);
  await applyEffects(fx);
  // After the arrival's own statement (which takes no lock and no transaction, by design) and after
  // its dispatch round was asked for, so the offer never waits on it; on the arrivals' own pool, so
  // a backed-up main pool cannot hold arrivals. A crash between the two loses this one event,
  // never the arrival, and a webhook problem never fails the arrival, which has committed.
  await queueWebhookEvent(db, input.orgId, "visitor.queued", {
    queueEntryId: entry.id,
    visitorId: input.visitorId,
    launcherId: input.launcherId,
    scenarioId: input.scenarioId,
    question,
    enqueuedAt: (input.now ?? new Date()).toISOString(),
  }).catch((e: unknown) => console.error(`[webhooks] visitor.queued for ${entry.id} not queued: ${(e as Error).message}`));
  return { id: entry.id, rejoined: false };
}
