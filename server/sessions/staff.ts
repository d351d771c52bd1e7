// Staff joining a live session from the manager's console: as a monitor (watches unseen), a
// prompter (unseen, coaches the leader: server/sessions/prompt.ts) or an agent (barges in, seen).
// One seat per person per session: switching role updates it. Joining unseen writes nothing the
// room can read; barging in is announced like any other join.
import { can } from "../access/permissions";
import { appendEvents, type StoredEvent } from "../archive/append";
import { db } from "../db";
import { AppError } from "../errors";
import { broadcastRoomEvents } from "./broadcast";
import { forgetWatchers } from "./typing-copy";
import { isInvisible } from "./visibility";

export type StaffRole = "MONITOR" | "PROMPTER" | "AGENT";

export async function joinAsStaff(input: { userId: string; sessionId: string; role: StaffRole }): Promise<{ participantId: string; role: StaffRole }> {
  const session = await db.session.findUnique({ where: { id: input.sessionId }, select: { id: true, orgId: true } });
  const membership = session
    ? await db.membership.findFirst({
        where: { orgId: session.orgId, userId: input.userId, active: true },
        select: { id: true, role: true, displayName: true, avatarUrl: true, user: { select: { name: true, email: true } } },
      })
    : null;
  // A stranger learns nothing, not even that the session exists.
  if (!session || !membership) throw new AppError("NOT_FOUND", "Session not found.");
  if (!can(membership.role, "sessions.monitor")) throw new AppError("FORBIDDEN", "Your role does not allow monitoring sessions.", { permission: "sessions.monitor" });

  const { participantId, announced } = await db.$transaction(async (tx) => {
    // The session row's lock serialises joins: two clicks never make two seats.
    const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Session" WHERE id = ${session.id} FOR UPDATE`;
    if (locked?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.", { reason: "ended" });
    const seat = await tx.participant.findFirst({
      where: { sessionId: session.id, membershipId: membership.id, leftAt: null },
      orderBy: { joinedAt: "desc" },
      select: { id: true, role: true, displayName: true },
    });
    const announce = async (p: { id: string; displayName: string }): Promise<StoredEvent[]> =>
      appendEvents(tx, {
        orgId: session.orgId,
        sessionId: session.id,
        events: [{ type: "participant.joined", actorParticipantId: p.id, payload: { role: "AGENT", name: p.displayName } }],
      });

    if (!seat) {
      const created = await tx.participant.create({
        data: {
          orgId: session.orgId,
          sessionId: session.id,
          role: input.role,
          canLead: input.role === "AGENT",
          membershipId: membership.id,
          displayName: membership.displayName ?? membership.user.name ?? membership.user.email,
          avatarUrl: membership.avatarUrl,
        },
        select: { id: true, displayName: true },
      });
      return { participantId: created.id, announced: input.role === "AGENT" ? await announce(created) : [] };
    }
    if (seat.role === input.role) return { participantId: seat.id, announced: [] };
    if (!isInvisible(seat.role)) {
      // Once seen, a person cannot vanish from the room's view: leaving is the way out.
      if (input.role === "AGENT") return { participantId: seat.id, announced: [] };
      throw new AppError("PRECONDITION_FAILED", "You are visible in this session. Leave it to stop taking part.");
    }
    await tx.participant.update({ where: { id: seat.id }, data: { role: input.role, ...(input.role === "AGENT" ? { canLead: true } : {}) } });
    return { participantId: seat.id, announced: input.role === "AGENT" ? await announce(seat) : [] };
  });
  forgetWatchers(session.id);
  await broadcastRoomEvents(session.id, announced);
  return { participantId, role: input.role };
}
