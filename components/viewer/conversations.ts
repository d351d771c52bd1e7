// The chat area's conversations, shared by the full viewer and the agent console's panes: the room
// and one per sidebar, with what counts as unread in each.
import { useMemo, useState } from "react";
import type { PromptPayload, WireEvent } from "@/lib/session-events";
import { sidebarLabel } from "./chat-tabs";
import { isAfter, marksOf, type SeenMarks } from "./event-log";
import type { SessionState } from "./use-session";
import { isInvisible } from "@/lib/roles";

export const ROOM = "room";

/**
 * Which conversation an event is a line of, for this viewer: room chat and a prompt addressed to
 * me count for the room (the suggestions show under it), a sidebar line for its sidebar; anything
 * else (joins, navigation, someone else's prompt) for none.
 */
export function conversationOf(e: WireEvent, meId: string): string | null {
  if (e.type === "chat") return ROOM;
  if (e.type === "prompt") return (e.payload as unknown as PromptPayload).to === meId ? ROOM : null;
  if (e.type === "sidebar.chat") return String(e.payload.sidebarId ?? "") || null;
  return null;
}

/** A line someone else addressed to me: what lights a tab. */
export function isUnreadLine(e: WireEvent, meId: string): boolean {
  return e.actorParticipantId !== meId && conversationOf(e, meId) !== null;
}

/** Room and sidebar tabs: which is shown, unread counts (lines by others since last looked), lines per sidebar. */
export function useConversations(s: SessionState) {
  const [active, setActive] = useState(ROOM);
  // Marks per stream (a tab may show several: the room's lines and prompts to me).
  const [initialMarks] = useState(() => marksOf(s.events));
  const [seen, setSeen] = useState<Record<string, SeenMarks>>({});
  const tabOf = (e: WireEvent) => conversationOf(e, s.me.id);
  const marks = (tab: string) => marksOf(s.events.filter((e) => tabOf(e) === tab));
  const select = (id: string) => {
    setSeen((prev) => ({ ...prev, [active]: marks(active), [id]: marks(id) }));
    setActive(id);
  };
  const unread = (tab: string) =>
    tab === active
      ? 0
      : s.events.filter((e) => tabOf(e) === tab && isUnreadLine(e, s.me.id) && isAfter(e, seen[tab] ?? initialMarks)).length;
  const sidebar = s.sidebars.find((x) => x.id === active);
  const people = useMemo(() => new Map(s.participants.map((p) => [p.id, p])), [s.participants]);
  const unseenMe = isInvisible(s.me.role);
  // The others in the room one can see (for unseen staff, the whole visible room).
  const roomOthers = s.participants.filter((p) => p.present && p.id !== s.me.id && !isInvisible(p.role));
  return {
    active: sidebar || active === ROOM ? active : ROOM,
    select,
    tabs: [
      { id: ROOM, label: "Room", unread: unread(ROOM) },
      ...s.sidebars.map((x) => ({ id: x.id, label: sidebarLabel(x.members, s.me.id, x.title), unread: unread(x.id) })),
    ],
    // Sidebar lines render as chat lines; names come from the sidebar (members may be unseen staff).
    sidebarOpen: sidebar?.open ?? false,
    sidebarLines: s.events.filter((e) => e.type === "sidebar.chat" && e.payload.sidebarId === active).map((e) => ({ ...e, type: "chat" })),
    sidebarPeople: (sidebar?.members ?? []).map((m) => ({
      ...(people.get(m.id) ?? { role: "AGENT" as const, avatarUrl: null, present: true, canLead: false }),
      id: m.id,
      displayName: m.name,
    })),
    // Whom one may open a sidebar with: people one can see; unseen staff only with staff.
    candidates:
      unseenMe || roomOthers.length >= 2
        ? roomOthers
            .filter((p) => !unseenMe || (p.role !== "VISITOR" && p.role !== "ATTENDEE"))
            .map((p) => ({ id: p.id, name: p.displayName }))
        : [],
    // A visible person's sidebar leaves someone of the room out (server/sidebars/sidebars.ts).
    mayChooseAll: unseenMe,
  };
}

export type Conversations = ReturnType<typeof useConversations>;

/** As server/sessions/prompt.ts's promptTarget: the leader when staff, else the first agent. */
export function promptRecipient(s: SessionState): string {
  const staff = s.participants.filter((p) => p.present && (p.role === "AGENT" || p.role === "SPEAKER" || p.role === "PRODUCER"));
  return (staff.find((p) => p.id === s.leader) ?? staff.find((p) => p.role === "AGENT"))?.displayName ?? "the leading agent";
}
