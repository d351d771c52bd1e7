// What the session looks like now, derived from the archive alone (the events in display order)
// and the view the page loaded with: the leader, the shared page, who is here, the sidebars, the
// history. Pure, so that it is tested without a browser (tests/unit/viewer-session-state.test.ts).
import type { NavigatePayload, SidebarMemberRef, SidebarOpenedPayload, WireEvent } from "@/lib/session-events";
import type { SessionViewData, ViewParticipant } from "./types";
import { isInvisible } from "@/lib/roles";

export function deriveSessionState(
  ordered: readonly WireEvent[],
  initial: Pick<SessionViewData, "session" | "participants" | "sidebars"> & { scenario?: { batonPolicy: string } },
  meId: string,
) {
  let leader = initial.session.leaderParticipantId;
  let current: NavigatePayload | null = initial.session.currentUrl
    ? { url: initial.session.currentUrl, newWindow: false, notToSelf: false, framable: null }
    : null;
  let lastNavigate: (NavigatePayload & { actor: string | null; seq: number }) | null = null;
  let ended = initial.session.status === "ENDED";
  const participants = new Map<string, ViewParticipant>(initial.participants.map((p) => [p.id, p]));
  const sidebars = new Map<string, { id: string; title: string; open: boolean; members: SidebarMemberRef[] }>(
    initial.sidebars.map((x) => [x.id, x]),
  );
  const history: { seq: number; url: string }[] = [];
  for (const e of ordered) {
    // Someone seated after this page loaded (a manager barging in, a transferred agent, a
    // collaborator): known by the event's name. Unseen seats write no such event.
    const joinedRole = String(e.payload.role ?? "ATTENDEE") as ViewParticipant["role"];
    if (e.type === "participant.joined" && e.actorParticipantId && !participants.has(e.actorParticipantId) && !isInvisible(joinedRole)) {
      participants.set(e.actorParticipantId, {
        id: e.actorParticipantId,
        role: joinedRole,
        displayName: String(e.payload.name ?? "Someone"),
        avatarUrl: typeof e.payload.avatarUrl === "string" ? e.payload.avatarUrl : null,
        present: true,
        // As the server seats them (server/sessions/room.ts, staff.ts): staff may lead; a visitor when anyone may take the baton.
        canLead:
          joinedRole === "AGENT" ||
          joinedRole === "SPEAKER" ||
          joinedRole === "PRODUCER" ||
          (joinedRole === "VISITOR" && initial.scenario?.batonPolicy === "ANYONE_TAKES"),
      });
    }
    // Auditorium: an attendee brought on stage is a speaker everyone may name (the answer cards, the
    // panel); one sent back to the audience leaves the stage's list, as attendees are never listed.
    if (e.type === "stage.promoted" || e.type === "stage.demoted") {
      const id = String(e.payload.participantId ?? "");
      if (id && e.type === "stage.promoted") {
        const known = participants.get(id);
        participants.set(id, {
          id,
          displayName: String(e.payload.name ?? "Someone"),
          avatarUrl: null,
          ...known,
          role: "SPEAKER",
          present: true,
          canLead: true,
        });
      } else if (id) participants.delete(id);
    }
    if (e.type === "sidebar.opened") {
      const p = e.payload as unknown as SidebarOpenedPayload;
      if (!sidebars.has(p.sidebarId)) sidebars.set(p.sidebarId, { id: p.sidebarId, title: p.title, open: true, members: p.members });
    }
    if (e.type === "sidebar.closed") {
      const sb = sidebars.get(String(e.payload.sidebarId ?? ""));
      if (sb) sidebars.set(sb.id, { ...sb, open: false });
    }
    if (e.type === "baton.passed") leader = String(e.payload.to ?? leader);
    if (e.type === "session.ended") ended = true;
    if (e.type === "participant.left" && e.actorParticipantId && participants.has(e.actorParticipantId)) {
      participants.set(e.actorParticipantId, { ...participants.get(e.actorParticipantId)!, present: false });
    }
    // The page the visitor came from is the first one the view shows: History starts with it.
    if (e.type === "session.started" && typeof e.payload.referrerUrl === "string" && e.payload.referrerUrl)
      history.push({ seq: e.seq, url: e.payload.referrerUrl });
    // A pop-up (issue 17) is a lead in a new window stored under its own kind; older archives have
    // it as a navigate with newWindow. Neither moves anyone's frame but the sender's own, as before.
    if (e.type === "navigate" || e.type === "popup.sent") {
      const nav = e.payload as unknown as NavigatePayload;
      const newWindow = nav.newWindow || e.type === "popup.sent";
      history.push({ seq: e.seq, url: nav.url });
      lastNavigate = { ...nav, newWindow, actor: e.actorParticipantId, seq: e.seq };
      // The leader may keep her own view; followers get new-window pages as a button, not the frame.
      const mine = e.actorParticipantId === meId;
      if (!(mine && nav.notToSelf) && !(newWindow && !mine) && e.type === "navigate") current = nav;
    }
  }
  // Everyone who came as a visitor has left, the session goes on: the agent wraps up (wrap-up.tsx).
  // Not in a collaboration room: it is everyone's, and ends when the last person leaves.
  const visitors = [...participants.values()].filter((p) => p.role === "VISITOR");
  const visitorLeft = !ended && initial.session.kind !== "COLLABORATION" && visitors.length > 0 && visitors.every((p) => !p.present);
  return {
    leader,
    current,
    lastNavigate,
    ended,
    visitorLeft,
    participants: [...participants.values()],
    sidebars: [...sidebars.values()],
    history: history.reverse(),
  };
}
