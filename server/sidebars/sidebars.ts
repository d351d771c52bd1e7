// Sidebars: a private conversation among chosen participants of one session. Lines are archived
// with the sidebar and its audience (read.ts's visibleTo), numbered in the sidebar's own stream
// (`sidebar:{id}`), and published only to the members' own participant channels. Nobody can open one with a participant they cannot see: visible people
// never with monitors or prompters, and those unseen staff only with staff (never with a visitor).
// A visible person's sidebar must leave someone of the room out: with everyone it would be the room
// again (in a one-on-one, the same two people), so there is nothing to open.
import "server-only";
import type { SidebarClosedPayload, SidebarMemberRef, SidebarOpenedPayload, WireEvent } from "../../lib/session-events";
import { appendEvents } from "../archive/append";
import { toWire } from "../archive/read";
import { appendLineOnce, cleanLineText } from "../chat/send";
import { db } from "../db";
import { AppError } from "../errors";
import { publishStoredEvents } from "../realtime/stored-events";
import { assertActive, assertMayWriteToRoom, type Seat } from "../sessions/participant";
import { INVISIBLE_ROLES, isInvisible } from "../sessions/visibility";

export const MAX_SIDEBAR_MEMBERS = 10;
export const MAX_SIDEBAR_TITLE = 60;

export async function openSidebar(
  seat: Seat,
  input: { memberIds: string[]; title?: string },
): Promise<{ sidebarId: string; event: WireEvent }> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  const others = [...new Set(input.memberIds)].filter((id) => id !== seat.id);
  if (others.length === 0) throw new AppError("BAD_REQUEST", "Choose at least one other participant.");
  if (others.length > MAX_SIDEBAR_MEMBERS)
    throw new AppError("BAD_REQUEST", `A sidebar can have at most ${MAX_SIDEBAR_MEMBERS} other participants.`);
  const title = (input.title ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, MAX_SIDEBAR_TITLE);

  const targets = await db.participant.findMany({
    where: { id: { in: others }, sessionId: seat.sessionId, leftAt: null },
    select: { id: true, role: true, membershipId: true, displayName: true },
  });
  const meUnseen = isInvisible(seat.role);
  // Someone the caller cannot see answers exactly like someone who is not there.
  const seen = targets.filter((t) => (meUnseen ? true : !isInvisible(t.role)));
  if (seen.length !== others.length) throw new AppError("NOT_FOUND", "That participant is not in this session.");
  if (meUnseen && seen.some((t) => t.membershipId === null)) {
    throw new AppError("BAD_REQUEST", "While unseen you can open a sidebar with staff only. Barge in to talk to the visitor.");
  }
  if (!meUnseen) {
    const roomOthers = await db.participant.count({
      where: { sessionId: seat.sessionId, leftAt: null, id: { not: seat.id }, role: { notIn: [...INVISIBLE_ROLES] } },
    });
    if (seen.length >= roomOthers) {
      throw new AppError("BAD_REQUEST", "A sidebar is for some of the people here: with everyone in it, write in the room instead.");
    }
  }

  const members: SidebarMemberRef[] = [{ id: seat.id, name: seat.displayName }, ...seen.map((t) => ({ id: t.id, name: t.displayName }))];
  const audience = members.map((m) => m.id);
  const stored = await db.$transaction(async (tx) => {
    const sidebar = await tx.sidebar.create({
      data: {
        orgId: seat.orgId,
        sessionId: seat.sessionId,
        createdByParticipantId: seat.id,
        title,
        members: { create: audience.map((participantId) => ({ orgId: seat.orgId, participantId })) },
      },
      select: { id: true },
    });
    const payload: SidebarOpenedPayload = { sidebarId: sidebar.id, title, members };
    const [e] = await appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "sidebar.opened", actorParticipantId: seat.id, sidebarId: sidebar.id, audience, payload }],
    });
    return e!;
  });
  await publishStoredEvents(seat.sessionId, [stored]);
  return { sidebarId: (stored.payload as SidebarOpenedPayload).sidebarId, event: toWire(stored) };
}

export async function sendSidebarLine(seat: Seat, input: { sidebarId: string; text: string; clientEventId: string }): Promise<WireEvent> {
  assertActive(seat);
  const sidebar = await db.sidebar.findFirst({
    where: { id: input.sidebarId, orgId: seat.orgId, sessionId: seat.sessionId, members: { some: { participantId: seat.id } } },
    select: { id: true, closedAt: true, members: { select: { participantId: true } } },
  });
  if (!sidebar) throw new AppError("NOT_FOUND", "Sidebar not found.");
  const closedMessage = "This sidebar is closed.";
  if (sidebar.closedAt) throw new AppError("PRECONDITION_FAILED", closedMessage);
  const text = cleanLineText(input.text);
  const audience = sidebar.members.map((m) => m.participantId);
  return appendLineOnce(
    seat,
    { type: "sidebar.chat", clientEventId: input.clientEventId, sidebarId: sidebar.id, audience, payload: { sidebarId: sidebar.id, text } },
    {
      // Re-checked under a share lock: closeSidebar's UPDATE waits for it, or it waits for the close
      // and then sees it. Either way no line is archived after "sidebar.closed".
      guard: async (tx) => {
        const [row] = await tx.$queryRaw<{ closedAt: Date | null }[]>`SELECT "closedAt" FROM "Sidebar" WHERE id = ${sidebar.id} FOR SHARE`;
        if (row?.closedAt) throw new AppError("PRECONDITION_FAILED", closedMessage);
      },
    },
  );
}

/**
 * Closes a sidebar for all its members: any member may (like a huddle, whoever steps away ends it).
 * Its lines stay in the archive and on the members' screens, read-only. Only members learn of it;
 * anyone else gets NOT_FOUND, as for a sidebar that does not exist. Closing twice: CONFLICT.
 */
export async function closeSidebar(seat: Seat, input: { sidebarId: string }): Promise<WireEvent> {
  assertActive(seat);
  const stored = await db.$transaction(async (tx) => {
    const sidebar = await tx.sidebar.findFirst({
      where: { id: input.sidebarId, orgId: seat.orgId, sessionId: seat.sessionId, members: { some: { participantId: seat.id } } },
      select: { id: true, members: { select: { participantId: true } } },
    });
    if (!sidebar) throw new AppError("NOT_FOUND", "Sidebar not found.");
    // The row decides a race between two members closing at once: one wins, the other is told.
    const closed = await tx.sidebar.updateMany({ where: { id: sidebar.id, closedAt: null }, data: { closedAt: new Date() } });
    if (closed.count === 0) throw new AppError("CONFLICT", "This sidebar is already closed.");
    const audience = sidebar.members.map((m) => m.participantId);
    const payload: SidebarClosedPayload = { sidebarId: sidebar.id };
    const [e] = await appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "sidebar.closed", actorParticipantId: seat.id, sidebarId: sidebar.id, audience, payload }],
    });
    return e!;
  });
  await publishStoredEvents(seat.sessionId, [stored]);
  return toWire(stored);
}

/** The sidebars `seat` belongs to, oldest first, with their members' names. */
export async function listSidebars(seat: Pick<Seat, "id" | "orgId" | "sessionId">) {
  const rows = await db.sidebar.findMany({
    where: { orgId: seat.orgId, sessionId: seat.sessionId, members: { some: { participantId: seat.id } } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      title: true,
      closedAt: true,
      members: { orderBy: { addedAt: "asc" }, select: { participant: { select: { id: true, displayName: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    open: r.closedAt === null,
    members: r.members.map((m) => ({ id: m.participant.id, name: m.participant.displayName })),
  }));
}
