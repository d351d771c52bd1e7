// Realtime channel names (docs/architecture.md). Only server/realtime/ builds or parses one: domain
// code says who hears a notice (an Audience, notices.ts) and pages get the names they subscribe to
// in their view data (subscriptions.ts), so the browser never spells a channel (lint enforces it).
// An Audience is also what a channel name parses back to: one shape both ways, so a kind added to
// one side and not the other fails to compile (NAMES has a row per kind).
import "server-only";

const ID = "[A-Za-z0-9_-]{1,64}";

/** Who hears a notice, and who a channel reaches. */
export type Audience =
  /** The session's visible participants (its presence channel): session events and live typing. */
  | { to: "room"; sessionId: string }
  /** Auditorium audience and monitors: the room's events without presence. */
  | { to: "audience"; sessionId: string }
  /** Unseen staff (monitors, prompters) only: the server's copy of the room's live typing. */
  | { to: "watchers"; sessionId: string }
  /** Auditorium backstage, producers and speakers only: the question queue, raised hands. */
  | { to: "stage"; sessionId: string }
  /** Co-browsing (docs/cobrowse.md): the visitor's shared tab and the session's visible staff. */
  | { to: "cobrowse"; sessionId: string }
  /** One seat: whispers, sidebar lines, private notices. */
  | { to: "participant"; participantId: string }
  /** The org's agents and managers: queue changes, agent status, monitor figures. */
  | { to: "orgStaff"; orgId: string }
  /** One agent (membership): offers, forced sign-out. */
  | { to: "member"; membershipId: string }
  /** One waiting visitor: position, estimated wait, "you are connected". */
  | { to: "queueVisitor"; queueEntryId: string };

type Kind = Audience["to"];
type IdKey<K extends Kind> = Exclude<keyof Extract<Audience, { to: K }>, "to">;

/**
 * Each kind's channel name: `prefix` + the id + `suffix`. The one list of kinds: names are built
 * and parsed from it, and a kind of Audience without a row (or with the wrong id) fails to compile.
 */
const NAMES: { [K in Kind]: { prefix: string; suffix: string; id: IdKey<K> } } = {
  room: { prefix: "presence-session-", suffix: "", id: "sessionId" },
  audience: { prefix: "private-session-", suffix: "-audience", id: "sessionId" },
  watchers: { prefix: "private-session-", suffix: "-watch", id: "sessionId" },
  stage: { prefix: "private-session-", suffix: "-stage", id: "sessionId" },
  cobrowse: { prefix: "private-cobrowse-", suffix: "", id: "sessionId" },
  participant: { prefix: "private-participant-", suffix: "", id: "participantId" },
  orgStaff: { prefix: "private-org-", suffix: "-staff", id: "orgId" },
  member: { prefix: "private-member-", suffix: "", id: "membershipId" },
  queueVisitor: { prefix: "private-queue-", suffix: "", id: "queueEntryId" },
};

export function channelOf(audience: Audience): string {
  const { prefix, suffix, id } = NAMES[audience.to];
  return `${prefix}${(audience as Record<string, string>)[id]}${suffix}`;
}

/** By kind, for callers that hold an id rather than an Audience (the relay authorizer, presence, tests). */
export const channels = {
  session: (sessionId: string) => channelOf({ to: "room", sessionId }),
  sessionAudience: (sessionId: string) => channelOf({ to: "audience", sessionId }),
  sessionWatch: (sessionId: string) => channelOf({ to: "watchers", sessionId }),
  sessionStage: (sessionId: string) => channelOf({ to: "stage", sessionId }),
  cobrowse: (sessionId: string) => channelOf({ to: "cobrowse", sessionId }),
  participant: (participantId: string) => channelOf({ to: "participant", participantId }),
  orgStaff: (orgId: string) => channelOf({ to: "orgStaff", orgId }),
  member: (membershipId: string) => channelOf({ to: "member", membershipId }),
  queue: (queueEntryId: string) => channelOf({ to: "queueVisitor", queueEntryId }),
} as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
const PATTERNS = (Object.keys(NAMES) as Kind[]).map((to) => {
  const { prefix, suffix, id } = NAMES[to];
  return { re: new RegExp(`^${escape(prefix)}(${ID})${escape(suffix)}$`), to, id };
});

/** Who a channel name reaches (a subscription request, a relay webhook), or null for any name we never hand out. */
export function audienceOfChannel(name: string): Audience | null {
  for (const { re, to, id } of PATTERNS) {
    const m = re.exec(name);
    if (m?.[1]) return { to, [id]: m[1] } as Audience;
  }
  return null;
}
