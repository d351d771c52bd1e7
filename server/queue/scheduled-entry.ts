// The re-entry link of a scheduled session: signed into the booking email, checked when the
// visitor follows it, and from JOIN_EARLY_MS before the time it puts them back in the queue ahead
// of everyone else.
import "server-only";
import { db } from "../db";
import { signToken, verifyToken } from "../entry/signing";
import { env } from "../env";
import { loadLauncher, scenarioFor } from "../launchers/entry";
import { upsertVisitor } from "../visitors/identify";
import { enqueueVisitor } from "./enqueue";
import { SCHEDULED_PRIORITY } from "./priority";
import { SCHEDULE_DAYS, scheduledState, type ScheduledState } from "./slots";

export function signScheduledToken(s: { id: string; launcherId: string; referrerUrl: string | null; scheduledFor: Date }): string {
  return signToken(
    "scheduled-v1",
    { s: s.id, l: s.launcherId, r: s.referrerUrl },
    new Date(s.scheduledFor.getTime() + SCHEDULE_DAYS * 86_400_000),
  );
}

export function scheduledJoinUrl(launcherKey: string, scheduledId: string, token: string): string {
  return new URL(
    `/l/${encodeURIComponent(launcherKey)}/scheduled/${encodeURIComponent(scheduledId)}?t=${encodeURIComponent(token)}`,
    env.NEXTAUTH_URL,
  ).toString();
}

/** The scheduled session a re-entry link points at, if the link is genuine; null otherwise (the page answers 404). */
export async function loadScheduledForLink(input: { key: string; scheduledId: string; token: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  const launcher = await loadLauncher(input.key);
  if (!launcher) return null;
  const claims = verifyToken("scheduled-v1", input.token, now);
  if (!claims || claims.s !== input.scheduledId || claims.l !== launcher.id) return null;
  const scheduled = await db.scheduledSession.findFirst({
    where: { id: input.scheduledId, orgId: launcher.org.id },
    select: {
      id: true,
      status: true,
      scheduledFor: true,
      durationMin: true,
      name: true,
      email: true,
      question: true,
      scenarioId: true,
    },
  });
  if (!scheduled) return null;
  return {
    launcher,
    scheduled,
    referrerUrl: typeof claims.r === "string" ? claims.r : null,
    state: launcher.org.status === "ACTIVE" ? scheduledState(scheduled, now) : ("unavailable" as const),
  };
}

/**
 * The visitor followed the email link: from five minutes before the time, they join the queue with
 * priority and the scheduled session is STARTED. Following it again while it is open brings them
 * back to their place (enqueueVisitor keeps one waiting entry per visitor).
 */
export async function startScheduledSession(input: {
  key: string;
  scheduledId: string;
  token: string | null;
  visitorCookieId: string;
  userId?: string | null;
  /** The visitor's IP address now (server/entry/request.ts `requestIp`), recorded on the new entry. */
  clientAddress?: string | null;
  now?: Date;
}): Promise<
  { ok: true; entryId: string } | { ok: false; state: Exclude<ScheduledState, "open"> | "unavailable" | "invalid"; startsAt?: Date }
> {
  const now = input.now ?? new Date();
  const found = await loadScheduledForLink({ ...input, now });
  if (!found) return { ok: false, state: "invalid" };
  const { launcher, scheduled, referrerUrl, state } = found;
  if (state !== "open") {
    if (state === "late")
      await db.scheduledSession.updateMany({
        where: { id: scheduled.id, status: "PENDING" },
        data: { status: "MISSED" },
      });
    return { ok: false, state, startsAt: scheduled.scheduledFor };
  }
  const visitor = await upsertVisitor({
    orgId: launcher.org.id,
    cookieId: input.visitorCookieId,
    name: scheduled.name,
    email: scheduled.email,
    userId: input.userId ?? null,
    now,
  });
  const entry = await enqueueVisitor({
    orgId: launcher.org.id,
    launcherId: launcher.id,
    scenarioId: scheduled.scenarioId,
    visitorId: visitor.id,
    question: scheduled.question,
    referrerUrl,
    avatarUrl: scenarioFor(launcher, referrerUrl).visitorAvatarUrl,
    clientAddress: input.clientAddress ?? null,
    priority: SCHEDULED_PRIORITY,
    now,
  });
  await db.scheduledSession.updateMany({
    where: { id: scheduled.id, status: "PENDING" },
    data: { status: "STARTED" },
  });
  return { ok: true, entryId: entry.id };
}
