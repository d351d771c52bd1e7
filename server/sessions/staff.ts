// Staff joining a live session from the manager's console: as a monitor (watches unseen), a
// prompter (unseen, coaches the leader: server/sessions/prompt.ts) or an agent (barges in, seen).
// One seat per person per session: switching role updates it. Joining unseen writes nothing the
// room can read; barging in is announced like any other join, and takes a seat like routing does:
// under the org's routing lock, within the seat caps, and serving a visitor who waits in the room.
import "server-only";
import { EVENTS, type SessionsChanged } from "../../lib/realtime-events";
import type { MemberActor } from "../access/actor";
import { can } from "../access/permissions";
import { appendEvents, type NewEvent, type StoredEvent } from "../archive/append";
import { agentSeatAvatar, avatarField } from "../avatars/seat";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { applyEffects, newEffects } from "../routing/effects";
import { seatsHeld } from "../routing/load";
import { lockOrgRouting } from "../routing/lock";
import { assignEntryToStaffInTx } from "../routing/offers";
import { publishStoredEvents } from "../realtime/stored-events";
import { refuseOverRoomCaps } from "./room";
import { bumpSeatVersion } from "./line-guard";
import { forgetWatchers } from "./typing-copy";
import { INVISIBLE_ROLES, isInvisible } from "./visibility";

export type { StaffRole } from "../../lib/roles";
import type { StaffRole } from "../../lib/roles";

type Tx = Prisma.TransactionClient;

export async function joinAsStaff(input: {
  orgId: string;
  actor: MemberActor;
  sessionId: string;
  role: StaffRole;
  now?: Date;
}): Promise<{ participantId: string; role: StaffRole }> {
  const now = input.now ?? new Date();
  const session = await db.session.findFirst({
    where: { id: input.sessionId, orgId: input.orgId },
    select: { id: true, orgId: true, kind: true, scenario: { select: { avatars: true } } },
  });
  const membership = session
    ? await db.membership.findFirst({
        where: { id: input.actor.membershipId, orgId: session.orgId, active: true },
        select: { id: true, role: true, displayName: true, avatarUrl: true, user: { select: { name: true, email: true } } },
      })
    : null;
  // A stranger learns nothing, not even that the session exists.
  if (!session || !membership) throw new AppError("NOT_FOUND", "Session not found.");
  // A collaboration room is open to the org's staff who take sessions (the Rooms list shows it to
  // them): joining it visibly is taking part, not supervising. Unseen roles stay with managers.
  const room = session.kind === "COLLABORATION";
  const mayJoinRoom = room && input.role === "AGENT" && can(membership.role, "sessions.handle");
  if (!mayJoinRoom && !can(membership.role, "sessions.monitor"))
    throw new AppError("FORBIDDEN", "Your role does not allow monitoring sessions.", { permission: "sessions.monitor" });

  const visible = input.role === "AGENT";
  const avatarUrl = agentSeatAvatar(membership.avatarUrl, session.scenario.avatars);
  const fx = newEffects();
  const { participantId, announced } = await db.$transaction(async (tx) => {
    // A visible seat counts against the org's cap and may serve a waiting entry: decided against
    // dispatch and accept, so under the same lock (taken before the row lock, as routing does).
    if (visible) await lockOrgRouting(tx, session.orgId);
    // The session row's lock serialises joins: two clicks never make two seats.
    const [locked] = await tx.$queryRaw<{ status: string; queueEntryId: string | null; leaderParticipantId: string | null }[]>`
      SELECT status, "queueEntryId", "leaderParticipantId" FROM "Session" WHERE id = ${session.id} FOR UPDATE`;
    if (!locked || locked.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.", { reason: "ended" });
    const seat = await tx.participant.findFirst({
      where: { sessionId: session.id, membershipId: membership.id, leftAt: null },
      orderBy: { joinedAt: "desc" },
      select: { id: true, role: true, displayName: true },
    });
    if (seat?.role === input.role) return { participantId: seat.id, announced: [] };
    if (seat && !isInvisible(seat.role)) {
      // Once seen, a person cannot vanish from the room's view: leaving is the way out.
      if (visible) return { participantId: seat.id, announced: [] };
      throw new AppError("PRECONDITION_FAILED", "You are visible in this session. Leave it to stop taking part.");
    }

    if (!visible) {
      if (seat) {
        await tx.participant.update({ where: { id: seat.id }, data: { role: input.role } });
        await bumpSeatVersion(tx, session.id);
        return { participantId: seat.id, announced: [] };
      }
      const created = await tx.participant.create({
        data: {
          orgId: session.orgId,
          sessionId: session.id,
          role: input.role,
          canLead: false,
          membershipId: membership.id,
          displayName: membership.displayName ?? membership.user.name ?? membership.user.email,
          // Unseen: no picture on the seat at all, so no list or payload can carry one to the room.
          avatarUrl: null,
        },
        select: { id: true },
      });
      return { participantId: created.id, announced: [] };
    }

    if (room) {
      // A room's "full" says what a room's does (sessions/room.ts), not barge-in's.
      const { maxSeats } = await tx.scenario.findFirstOrThrow({
        where: { sessions: { some: { id: session.id } } },
        select: { maxSeats: true },
      });
      await refuseOverRoomCaps(tx, { orgId: session.orgId, sessionId: session.id, maxSeats });
    } else await refuseOverSeatCaps(tx, { orgId: session.orgId, sessionId: session.id, queueEntryId: locked.queueEntryId });
    if (seat) await bumpSeatVersion(tx, session.id);
    const agent = seat
      ? await tx.participant.update({
          where: { id: seat.id },
          data: { role: "AGENT", canLead: true, avatarUrl },
          select: { id: true, displayName: true, avatarUrl: true },
        })
      : await tx.participant.create({
          data: {
            orgId: session.orgId,
            sessionId: session.id,
            role: "AGENT",
            canLead: true,
            membershipId: membership.id,
            displayName: membership.displayName ?? membership.user.name ?? membership.user.email,
            avatarUrl,
            joinedAt: now,
          },
          select: { id: true, displayName: true, avatarUrl: true },
        });
    const events: NewEvent[] = [
      {
        type: "participant.joined",
        actorParticipantId: agent.id,
        payload: { role: "AGENT", name: agent.displayName, ...avatarField(agent.avatarUrl) },
      },
    ];
    // A visitor sent back to the queue waits in this room: the manager who barges in serves them,
    // as an agent accepting the entry would (sessions/rejoin.ts), and takes the free baton.
    const served =
      locked.queueEntryId !== null &&
      (await assignEntryToStaffInTx(tx, fx, {
        orgId: session.orgId,
        queueEntryId: locked.queueEntryId,
        sessionId: session.id,
        membershipId: membership.id,
        now,
      }));
    if (served && !locked.leaderParticipantId) {
      await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: agent.id } });
      events.push({ type: "baton.passed", actorParticipantId: agent.id, payload: { to: agent.id } });
    }
    const stored: StoredEvent[] = await appendEvents(tx, { orgId: session.orgId, sessionId: session.id, events });
    return { participantId: agent.id, announced: stored };
  });
  forgetWatchers(session.id);
  await publishStoredEvents(session.id, announced);
  if (announced.length > 0) {
    // The manager's live monitor lists who is in each session.
    fx.notices.push({
      audience: { to: "orgStaff", orgId: session.orgId },
      event: EVENTS.sessionsChanged,
      data: { sessionId: session.id } satisfies SessionsChanged,
    });
  }
  await applyEffects(fx);
  return { participantId, role: input.role };
}

/** Barging in adds a visible seat: refused when the org's cap or the scenario's per-session cap is reached. */
async function refuseOverSeatCaps(tx: Tx, input: { orgId: string; sessionId: string; queueEntryId: string | null }): Promise<void> {
  const [org, session] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { maxConcurrentSeats: true } }),
    tx.session.findUniqueOrThrow({ where: { id: input.sessionId }, select: { scenario: { select: { maxSeats: true } } } }),
  ]);
  const cap = org.maxConcurrentSeats;
  if (cap !== null) {
    // Offered entries hold their seats (routing/dispatch.ts), except this session's own: the
    // manager takes the seat its accepting agent would have taken.
    const used = await seatsHeld(tx, input.orgId, input.queueEntryId);
    if (used + 1 > cap) {
      throw new AppError(
        "CONFLICT",
        `All ${cap} of your organisation's seats are in use, so you can't barge in now. You can still monitor or prompt unseen.`,
        { reason: "seat_cap" },
      );
    }
  }
  const maxSeats = session.scenario.maxSeats;
  if (maxSeats !== null) {
    const seated = await tx.participant.count({
      where: { sessionId: input.sessionId, leftAt: null, role: { notIn: [...INVISIBLE_ROLES] } },
    });
    if (seated + 1 > maxSeats) {
      throw new AppError(
        "CONFLICT",
        `This session is full (${maxSeats} seats), so you can't barge in. You can still monitor or prompt unseen.`,
        { reason: "session_full" },
      );
    }
  }
}
