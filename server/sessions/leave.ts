// Leaving. The session ends when the last agent leaves a support session, or the last participant
// a collaborative one; everyone is told, seats are freed, and routing runs again for the org.
import "server-only";
import type { StoredEvent } from "../archive/append";
import { appendEvents } from "../archive/append";
import { leaveAttendee } from "../auditorium/attendance";
import { dropMinutesPastLeave, meterVisitorMinutes } from "../billing/metering";
import { db } from "../db";
import { AppError } from "../errors";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { publishStoredEvents } from "../realtime/stored-events";
import { endSessionInTx } from "./end";
import { bumpSeatVersion } from "./line-guard";
import type { Seat } from "./participant";
import { INVISIBLE_ROLES, isInvisible } from "./visibility";

export async function leaveSession(seat: Seat, now = new Date()): Promise<{ ended: boolean }> {
  if (seat.leftAt) throw new AppError("PRECONDITION_FAILED", "You have already left this session.");
  // An auditorium attendee leaves quietly: no room event, no org lock (server/auditorium/attendance.ts).
  if (seat.role === "ATTENDEE" && seat.session.kind === "AUDITORIUM") {
    if (!(await leaveAttendee({ orgId: seat.orgId, sessionId: seat.sessionId, participantId: seat.id }, now)))
      throw new AppError("PRECONDITION_FAILED", "You have already left this session.");
    return { ended: false };
  }
  const fx = newEffects();
  const { events, ended } = await db.$transaction(async (tx) => {
    // Ending frees an agent's capacity: routing's lock keeps that consistent with dispatch.
    await lockOrgRouting(tx, seat.orgId);
    const left = await tx.participant.updateMany({ where: { id: seat.id, leftAt: null }, data: { leftAt: now } });
    if (left.count === 0) throw new AppError("PRECONDITION_FAILED", "You have already left this session.");
    // A line this seat has on its way is judged again (sessions/line-guard.ts).
    await bumpSeatVersion(tx, seat.sessionId);
    // Unseen staff leave as they came: without a word to the room.
    if (isInvisible(seat.role)) return { events: [] as StoredEvent[], ended: false };
    const session = await tx.session.findUniqueOrThrow({
      where: { id: seat.sessionId },
      select: { status: true, kind: true, leaderParticipantId: true, queueEntryId: true },
    });
    const out: StoredEvent[] = [];
    if (session.status !== "ACTIVE") {
      await dropMinutesPastLeave(tx, { orgId: seat.orgId, sessionId: seat.sessionId });
      await meterVisitorMinutes(tx, { now, session: { orgId: seat.orgId, sessionId: seat.sessionId } });
      return { events: out, ended: false };
    }
    out.push(
      ...(await appendEvents(tx, {
        orgId: seat.orgId,
        sessionId: seat.sessionId,
        events: [{ type: "participant.left", actorParticipantId: seat.id, payload: { role: seat.role, name: seat.displayName } }],
      })),
    );
    const remaining = await tx.participant.findMany({
      where: { sessionId: seat.sessionId, leftAt: null, role: { notIn: [...INVISIBLE_ROLES] } },
      orderBy: { joinedAt: "asc" },
      select: { id: true, role: true },
    });
    const agentsLeft = remaining.filter((p) => p.role === "AGENT").length;
    const shouldEnd = session.kind === "ONE_ON_ONE" ? agentsLeft === 0 : remaining.length === 0;
    if (shouldEnd) {
      // A room ends when its last person goes, whoever that is; a one-on-one when its agent does.
      const agentEnded = seat.role === "AGENT" && session.kind === "ONE_ON_ONE";
      out.push(
        ...(await endSessionInTx(tx, fx, {
          orgId: seat.orgId,
          sessionId: seat.sessionId,
          queueEntryId: session.queueEntryId,
          actorParticipantId: seat.id,
          endReason: agentEnded ? "agent left" : "everyone left",
          message: agentEnded ? "The agent ended the session." : "Everyone left.",
          idleMembershipIds: seat.membershipId ? [seat.membershipId] : [],
          now,
        })),
      );
    } else if (session.leaderParticipantId === seat.id && remaining[0]) {
      // The leader left a session that goes on: the baton goes to a staff member, else the longest
      // present; in an auditorium it stays on stage (a producer, else a speaker) or nobody holds it.
      const next =
        session.kind === "AUDITORIUM"
          ? (remaining.find((p) => p.role === "PRODUCER") ?? remaining.find((p) => p.role === "SPEAKER"))
          : (remaining.find((p) => p.role === "AGENT") ?? remaining[0]);
      await tx.session.update({ where: { id: seat.sessionId }, data: { leaderParticipantId: next?.id ?? null } });
      // Nobody on stage: nobody leads until a producer takes the baton back (baton.ts).
      if (next) {
        out.push(
          ...(await appendEvents(tx, {
            orgId: seat.orgId,
            sessionId: seat.sessionId,
            events: [{ type: "baton.passed", actorParticipantId: seat.id, payload: { from: seat.id, to: next.id, mode: "leader-left" } }],
          })),
        );
      }
    }
    // Billing: the visitors' last minutes are closed exactly, with their leftAt (docs/billing.md).
    await dropMinutesPastLeave(tx, { orgId: seat.orgId, sessionId: seat.sessionId });
    await meterVisitorMinutes(tx, { now, session: { orgId: seat.orgId, sessionId: seat.sessionId } });
    return { events: out, ended: shouldEnd };
  });
  await publishStoredEvents(seat.sessionId, events);
  await applyEffects(fx);
  return { ended };
}
