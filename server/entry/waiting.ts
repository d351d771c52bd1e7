// The waiting room belongs to one visitor: an entry is shown (and can be left or rescheduled) only
// to the browser whose verified cookie owns it, through a launcher of the same org. Anyone else
// gets null, which the routes turn into a 404.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { leaveQueue } from "../queue/leave";
import { queueStatus } from "../queue/status";

export async function loadOwnedEntry(input: { key: string; entryId: string; cookieId: string | null }) {
  if (!input.cookieId || !/^[A-Za-z0-9_-]{1,64}$/.test(input.entryId)) return null;
  const entry = await db.queueEntry.findFirst({
    where: {
      id: input.entryId,
      visitor: { cookieId: input.cookieId },
      org: { launchers: { some: { key: input.key, archivedAt: null } } },
    },
    select: {
      id: true,
      orgId: true,
      launcherId: true,
      status: true,
      referrerUrl: true,
      question: true,
      enqueuedAt: true,
      visitor: { select: { id: true, name: true, email: true } },
      launcher: { select: { key: true } },
      scenario: { select: { name: true, banner: true, monitoringNotice: true } },
      org: { select: { name: true, brandColor: true, status: true } },
    },
  });
  return entry;
}

export type OwnedEntry = NonNullable<Awaited<ReturnType<typeof loadOwnedEntry>>>;

/** queueStatus for the owner only. */
export async function ownedQueueStatus(input: { key: string; entryId: string; cookieId: string | null }) {
  const entry = await loadOwnedEntry(input);
  if (!entry) return null;
  return queueStatus(entry.id);
}

/** The owner leaves the line; recorded as ABANDONED. */
export async function leaveOwnedEntry(input: { key: string; entryId: string; cookieId: string | null }): Promise<boolean> {
  const entry = await loadOwnedEntry(input);
  if (!entry) throw new AppError("NOT_FOUND", "Queue entry not found.");
  return leaveQueue({ orgId: entry.orgId, queueEntryId: entry.id });
}

/** The later session the visitor booked instead of waiting in this entry. */
export async function scheduledForEntry(entry: Pick<OwnedEntry, "orgId" | "enqueuedAt" | "visitor">) {
  return db.scheduledSession.findFirst({
    where: { orgId: entry.orgId, visitorId: entry.visitor.id, createdAt: { gte: entry.enqueuedAt } },
    orderBy: { createdAt: "desc" },
    select: { id: true, scheduledFor: true, durationMin: true, email: true, status: true },
  });
}
