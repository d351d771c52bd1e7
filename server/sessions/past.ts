// A session read after the fact (/s/{id} once it ended, or once the reader left it): the read-only
// transcript. Those who took part read what their seats could see (the room, private lines
// addressed to them); staff with sessions.read in the session's org audit all of it, seated or not.
// Anyone else, and anyone while the session is still theirs to live in, is answered as today: the
// live viewer (null) or NOT_FOUND.
import "server-only";
import { can } from "../access/permissions";
import { STORED_EVENT_SELECT } from "../archive/append";
import { toWire, visibleTo } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { findSeat, type SessionCaller } from "./participant";
import { visitorEntryStamps } from "./entry-stamp";
import { getVisitorExit } from "./visitor-exit";
import { isInvisible, unlistedRoles } from "./visibility";

export async function readPastSession(caller: SessionCaller, sessionId: string) {
  const seat = await findSeat(caller, sessionId);
  if (seat && seat.session.status === "ACTIVE" && !seat.leftAt) return null;
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { id: true, orgId: true, title: true, status: true, kind: true, startedAt: true, endedAt: true },
  });
  if (!session) throw new AppError("NOT_FOUND", "Session not found.");
  const membership = caller.userId
    ? await db.membership.findFirst({ where: { orgId: session.orgId, userId: caller.userId, active: true }, select: { role: true } })
    : null;
  const audit = membership !== null && can(membership.role, "sessions.read");
  // Staff who audit may read any ended session; a live one they are not seated in is the monitor's.
  if (!seat && !(audit && session.status === "ENDED")) throw new AppError("NOT_FOUND", "Session not found.");

  const mySeats = seat ? await seatsOf(caller, sessionId) : [];
  // One who left a session that goes on reads it up to their leaving, not the room's later lines
  // (staff who audit read it all). The seat found is then the latest left one (findSeat's order).
  const readUntil = seat?.leftAt && session.status === "ACTIVE" ? seat.leftAt : null;
  const seesUnseen = audit || (seat !== null && isInvisible(seat.role));
  const [participants, events, exit, visitorEntries] = await Promise.all([
    db.participant.findMany({
      where: { sessionId, orgId: session.orgId, role: { notIn: unlistedRoles(session.kind, seesUnseen) } },
      orderBy: { joinedAt: "asc" },
      select: { id: true, role: true, displayName: true, avatarUrl: true, leftAt: true },
    }),
    db.sessionEvent.findMany({
      where: {
        orgId: session.orgId,
        sessionId,
        ...(audit ? {} : { ...visibleTo(mySeats), ...(readUntil ? { createdAt: { lte: readUntil } } : {}) }),
      },
      orderBy: { id: "asc" }, // each stream in seq order, the streams as they were written
      select: STORED_EVENT_SELECT,
    }),
    // A visitor's way out, as after the live session: the client's page (or the embed's window
    // closing), in the client's name and colour; never our home page. Staff go back to their console.
    seat && membership === null ? getVisitorExit(seat) : null,
    // Staff only: each visitor's IP address and time of entry, for the transcript's header.
    membership !== null ? visitorEntryStamps(session.orgId, sessionId) : [],
  ]);
  return {
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      kind: session.kind,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
    },
    me: seat ? { id: seat.id, role: seat.role, leftAt: seat.leftAt, removed: seat.removedAt !== null } : null,
    staff: membership !== null,
    audit,
    exit,
    visitorEntries,
    participants: participants.map((p) => ({
      id: p.id,
      role: p.role,
      displayName: p.displayName,
      avatarUrl: p.avatarUrl,
      present: false,
      canLead: false,
    })),
    events: events.map(toWire),
  };
}

export type PastSession = NonNullable<Awaited<ReturnType<typeof readPastSession>>>;

/** Every seat this person held in the session (a visitor who came back, staff who switched role). */
async function seatsOf(caller: SessionCaller, sessionId: string): Promise<string[]> {
  const who: Prisma.ParticipantWhereInput[] = [
    ...(caller.userId ? [{ membership: { userId: caller.userId, active: true } }] : []),
    ...(caller.visitorCookieId ? [{ visitor: { cookieId: caller.visitorCookieId } }] : []),
  ];
  const rows = await db.participant.findMany({ where: { sessionId, OR: who }, select: { id: true } });
  return rows.map((r) => r.id);
}
