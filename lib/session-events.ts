// The archive's event kinds and payloads (SessionEvent.type / .payload), shared by server and viewer.
export const SESSION_EVENT = "session.event";
export const TYPING_EVENT = "client-typing";
/** The server's copy of a visible participant's typing, for monitors and prompters on the watch channel. */
export const TYPING_COPY_EVENT = "session.typing";

export type SessionEventType =
  | "session.started"
  | "session.ended"
  | "participant.joined"
  | "participant.left"
  | "chat"
  | "navigate"
  | "baton.passed"
  | "baton.requested"
  | "session.transferred"
  // A visitor on the basic (no-JavaScript) page: once per seat, so the room knows they are not live.
  | "participant.basic"
  // Private events (SessionEvent.audience / sidebarId set): only their audience ever receives them.
  | "prompt"
  | "sidebar.opened"
  | "sidebar.chat"
  | "sidebar.closed"
  // The visitor's satisfaction survey answer (private to their seat's stream; staff read it in the replay).
  | "survey.answered"
  // Co-browsing (docs/cobrowse.md): the visitor began sharing their tab ({ control }) / stopped ({ reason }).
  | "cobrowse.started"
  | "cobrowse.stopped"
  // On-screen collaboration (issue 17, parts 3 and 4): the leader's highlight box, circle and pointer
  // pings over the shared page, a page sent to open in its own window, and a follower opening it.
  | "annotation"
  | "popup.sent"
  | "popup.opened"
  // Forms filled together (issue 17 part 5; server/cobrowse/forms.ts): a value an agent proposed
  // for a field of the visitor's co-browsed page, and what became of it.
  | "form.proposed"
  | "form.filled"
  | "form.declined";

/** A prompter's line to the leader: `to` is the leader's participant id when it was sent. */
export type PromptPayload = { text: string; to: string };
export type SidebarMemberRef = { id: string; name: string };
export type SidebarOpenedPayload = { sidebarId: string; title: string; members: SidebarMemberRef[] };
export type SidebarChatPayload = { sidebarId: string; text: string };
export type SidebarClosedPayload = { sidebarId: string };

/** An agent handed the session to another agent, a manager reassigned it, or it went back to the queue. */
export type SessionTransferredPayload = {
  kind: "agent" | "queue";
  fromName: string;
  toName: string | null;
  byName: string;
  reassigned: boolean;
};

/**
 * `field` is the field's label (or name) as the visitor's page shows it. A proposal's value is the
 * proposer's own text, and a masked field cannot be proposed into: the value is always archived.
 */
export type FormProposedPayload = { proposalId: string; field: string; value: string };
/** "Field X filled by Y". `value` is absent for a masked field (it never leaves the visitor's browser). */
export type FormFilledPayload = { proposalId: string | null; field: string; by: string; masked: boolean; value?: string };
/**
 * Not applied: the visitor declined (`declined`), the visitor's page found the field masked
 * (`masked`: its own rules are the ones that count) or gone from the page (`gone`).
 */
export type FormDeclinedPayload = { proposalId: string; field: string; by: string; reason: "declined" | "masked" | "gone" };

export type NavigatePayload = {
  url: string;
  /** Followers open it in a new window instead of the shared view. */
  newWindow: boolean;
  /** The leader's own view stays where it is. */
  notToSelf: boolean;
  /** From the server's probe: false = the page refuses framing; null = unknown. */
  framable: boolean | null;
};

/** Where an annotation was drawn: over the framed page of the large view, or over the co-browse mirror. */
export type AnnotationSurface = "frame" | "cobrowse";
export type AnnotationShape = "pointer" | "box" | "circle";
export type PagePoint = { x: number; y: number };

/**
 * A mark the leader drew, in PAGE coordinates of the shared page (CSS pixels from the document's
 * top-left, scroll included), so every follower draws it where the content is, whatever their own
 * scroll and size. `scrollX/scrollY` and `viewport` are what the leader saw (the replay shows them).
 * pointer: one point; box: two opposite corners; circle: the free-hand stroke.
 */
export type AnnotationPayload = {
  shape: AnnotationShape;
  points: PagePoint[];
  scrollX: number;
  scrollY: number;
  viewport: { w: number; h: number };
  url: string;
  surface: AnnotationSurface;
};

/** The live pointer: a client event on the presence channel, never archived (throttled by the sender). */
export const POINTER_EVENT = "client-pointer";
export type PointerPayload = { x: number; y: number; surface: AnnotationSurface; url: string } | { hidden: true };

/**
 * A page the leader sent to open in its own window on the followers' side. The same payload as a
 * lead (`newWindow` is always true here); it does not move the shared view.
 */
export type PopupSentPayload = NavigatePayload & { newWindow: true };
/** A follower opened a pop-up: `sentSeq` is its popup.sent's room seq; `how`: by itself, or the follower's click on "Open". */
export type PopupOpenedPayload = { sentSeq: number; url: string; how: "auto" | "click" };

/**
 * Events are numbered per stream (docs/sessions.md, "One numbering per audience"): room events in
 * `room`, gapless among themselves; each private audience in its own stream, gapless within it.
 */
export const ROOM_STREAM = "room";
/** The most events one `sessions.events` answer holds: a full page means ask again. */
export const EVENTS_PAGE = 500;
export const sidebarStream = (sidebarId: string) => `sidebar:${sidebarId}`;
export const promptStream = (prompterId: string, targetId: string) => `prompt:${prompterId}:${targetId}`;
export const questionStream = (askerParticipantId: string) => `question:${askerParticipantId}`;

/** One archived event as clients see it (over realtime and from `sessions.events`). */
export type WireEvent = {
  /** `room`, or the private stream it is numbered in. */
  stream: string;
  /** Gapless within its stream. */
  seq: number;
  type: SessionEventType | string;
  actorParticipantId: string | null;
  clientEventId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
};

/** An event's identity across streams (a seq alone repeats from stream to stream): React keys, maps. */
export function eventKey(e: Pick<WireEvent, "stream" | "seq">): string {
  return `${e.stream}#${e.seq}`;
}

export type TypingPayload = { typing: boolean; text?: string };
export type TypingCopyPayload = TypingPayload & { participantId: string };

export const MAX_CHAT_LENGTH = 2000;
