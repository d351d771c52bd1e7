// Who may subscribe to which realtime channel: the one module the auth endpoint calls, and the one
// the tests exercise. Default deny; every rule resolves through the database, scoped to one org.
import "server-only";
import { audienceOfChannel, channels } from "./channels";
import { can } from "../access/permissions";
import { callerSeatWhere } from "../access/seats";
import { db } from "../db";
import type { ParticipantRole } from "../generated/prisma/enums";
import { isInvisible, isWatchOnly } from "../sessions/visibility";

/** Who is asking: a signed-in user, a visitor (signed cookie id), or both in one browser. */
export type RealtimeCaller = { userId?: string | null; visitorCookieId?: string | null };

export type PresenceMember = {
  user_id: string;
  user_info: { name: string; role: ParticipantRole; avatarUrl: string | null };
};

export type ChannelDecision = { ok: true; presence?: PresenceMember } | { ok: false; reason: string };

const deny = (reason: string): ChannelDecision => ({ ok: false, reason });

/** The visitor's shared tab may join only this channel (server/cobrowse/pairing.ts, authorizeTab). */
export function isCobrowseChannel(name: unknown, sessionId: string): name is string {
  return name === channels.cobrowse(sessionId);
}

async function activeMembership(userId: string, orgId: string) {
  return db.membership.findFirst({ where: { userId, orgId, active: true }, select: { id: true, role: true } });
}

/**
 * The caller's own, still-present participant in a session, if any. Found from the caller's side
 * (the session's org, then their membership or visitor row, then their own few seats), each step an
 * exact index match, and the session compared here: a query filtered by session lets the planner
 * walk the session's seats, which in an auditorium are 19,000 and, minutes into the event, unknown
 * to its statistics (bench/auditorium measured 9 ms of PostgreSQL CPU per auth at 4,000 seats).
 */
async function ownParticipant(caller: RealtimeCaller, sessionId: string) {
  if (!caller.userId && !caller.visitorCookieId) return null;
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { orgId: true, status: true, kind: true } });
  if (session?.status !== "ACTIVE") return null;
  const orgId = session.orgId;
  const [membership, visitor] = await Promise.all([
    caller.userId ? db.membership.findFirst({ where: { orgId, userId: caller.userId, active: true }, select: { id: true } }) : null,
    caller.visitorCookieId
      ? db.visitor.findUnique({ where: { orgId_cookieId: { orgId, cookieId: caller.visitorCookieId } }, select: { id: true } })
      : null,
  ]);
  const select = { id: true, orgId: true, role: true, displayName: true, avatarUrl: true, sessionId: true, joinedAt: true } as const;
  const seats = (
    await Promise.all([
      membership ? db.participant.findMany({ where: { orgId, membershipId: membership.id, leftAt: null }, select }) : [],
      // A visitor holds a handful of seats in an org, present or not.
      visitor ? db.participant.findMany({ where: { orgId, visitorId: visitor.id }, select: { ...select, leftAt: true } }) : [],
    ])
  )
    .flat()
    .filter((p) => p.sessionId === sessionId && !("leftAt" in p && p.leftAt));
  // A person may hold two seats (e.g. monitor, then barge in): the latest (the visible one) wins for presence.
  seats.sort((a, b) => b.joinedAt.getTime() - a.joinedAt.getTime());
  const p = seats[0];
  return p
    ? { id: p.id, orgId: p.orgId, role: p.role, displayName: p.displayName, avatarUrl: p.avatarUrl, session: { kind: session.kind } }
    : null;
}

/** Staff who may monitor the session's org can watch it without a seat. */
async function mayMonitor(caller: RealtimeCaller, sessionId: string): Promise<boolean> {
  if (!caller.userId) return false;
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { orgId: true } });
  if (!session) return false;
  const m = await activeMembership(caller.userId, session.orgId);
  return !!m && can(m.role, "sessions.monitor");
}

export async function authorizeChannel(caller: RealtimeCaller, channel: string): Promise<ChannelDecision> {
  if (!caller.userId && !caller.visitorCookieId) return deny("not signed in");
  const parsed = audienceOfChannel(channel);
  if (!parsed) return deny("unknown channel");

  switch (parsed.to) {
    case "orgStaff": {
      if (!caller.userId) return deny("staff only");
      const m = await activeMembership(caller.userId, parsed.orgId);
      return m && can(m.role, "queue.read") ? { ok: true } : deny("not a member of this organization");
    }
    case "member": {
      if (!caller.userId) return deny("staff only");
      const m = await db.membership.findFirst({
        where: { id: parsed.membershipId, userId: caller.userId, active: true },
        select: { id: true },
      });
      return m ? { ok: true } : deny("not your channel");
    }
    case "queueVisitor": {
      if (!caller.visitorCookieId) return deny("visitors only");
      const entry = await db.queueEntry.findFirst({
        where: { id: parsed.queueEntryId, visitor: { cookieId: caller.visitorCookieId } },
        select: { id: true },
      });
      return entry ? { ok: true } : deny("not your queue entry");
    }
    case "participant": {
      const mine = callerSeatWhere(caller);
      if (!mine) return deny("not your seat");
      const p = await db.participant.findFirst({
        where: { id: parsed.participantId, leftAt: null, ...mine },
        select: { id: true },
      });
      return p ? { ok: true } : deny("not your seat");
    }
    case "room": {
      const p = await ownParticipant(caller, parsed.sessionId);
      if (!p) return deny("not in this session");
      // Monitors and prompters never appear in presence: the room must not see them.
      if (isInvisible(p.role)) return deny("invisible roles use the audience channel");
      // Auditorium attendees are a count, never members: 19,000 of them would be everyone's list.
      if (isWatchOnly(p)) return deny("attendees use the audience channel");
      return {
        ok: true,
        presence: { user_id: p.id, user_info: { name: p.displayName, role: p.role, avatarUrl: p.avatarUrl } },
      };
    }
    case "cobrowse": {
      // The visitor's shared tab joins with a pairing token (server/cobrowse/auth.ts), never here.
      // Staff in the room see the mirror; unseen staff do not, since a subscriber may also send
      // follow-me scrolls and form proposals to the visitor.
      const p = await ownParticipant(caller, parsed.sessionId);
      if (!p || p.role === "VISITOR" || isInvisible(p.role) || isWatchOnly(p)) return deny("for the session's visible staff only");
      return { ok: true };
    }
    case "audience": {
      const p = await ownParticipant(caller, parsed.sessionId);
      if (p) return { ok: true };
      return (await mayMonitor(caller, parsed.sessionId)) ? { ok: true } : deny("not in this session");
    }
    case "stage": {
      // Backstage (question queue, raised hands): producers and speakers of this auditorium only.
      const p = await ownParticipant(caller, parsed.sessionId);
      return p && p.session.kind === "AUDITORIUM" && (p.role === "PRODUCER" || p.role === "SPEAKER")
        ? { ok: true }
        : deny("for the stage only");
    }
    case "watchers": {
      // Only unseen staff: what is published here exists only because someone watches, so a
      // visible participant subscribed to it could learn that they are watched.
      const p = await ownParticipant(caller, parsed.sessionId);
      if (p) return isInvisible(p.role) ? { ok: true } : deny("for unseen staff only");
      return (await mayMonitor(caller, parsed.sessionId)) ? { ok: true } : deny("not in this session");
    }
  }
}
