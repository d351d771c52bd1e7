// Realtime channel names (docs/architecture.md). Only server/realtime/ builds or parses one: domain
// code says who hears a notice (an Audience, notices.ts) and pages get the names they subscribe to
// in their view data (subscriptions.ts), so the browser never spells a channel (lint enforces it).
// An Audience is also what a channel name parses back to: one shape both ways, so a kind added to
// one side and not the other fails to compile (channelOf's switch is exhaustive).
import "server-only";

const ID = "[A-Za-z0-9_-]{1,64}";

export const channels = {
  /** Visible participants of a session: session events and live typing. */
  session: (sessionId: string) => `presence-session-${sessionId}`,
  /** Auditorium audience and monitors: the session's broadcast events, without presence. */
  sessionAudience: (sessionId: string) => `private-session-${sessionId}-audience`,
  /** Unseen staff (monitors, prompters) only: the server's copy of the room's live typing. */
  sessionWatch: (sessionId: string) => `private-session-${sessionId}-watch`,
  /** Auditorium backstage, producers and speakers only: the question queue, raised hands. */
  sessionStage: (sessionId: string) => `private-session-${sessionId}-stage`,
  /** Co-browsing (docs/cobrowse.md): the visitor's shared tab and the session's visible staff. */
  cobrowse: (sessionId: string) => `private-cobrowse-${sessionId}`,
  /** One participant: whispers, sidebar lines, private notices. */
  participant: (participantId: string) => `private-participant-${participantId}`,
  /** The org's agents and managers: queue changes, agent status, monitor figures. */
  orgStaff: (orgId: string) => `private-org-${orgId}-staff`,
  /** One agent (membership): offers, forced sign-out. */
  member: (membershipId: string) => `private-member-${membershipId}`,
  /** One waiting visitor: position, estimated wait, "you are connected". */
  queue: (queueEntryId: string) => `private-queue-${queueEntryId}`,
} as const;

/** Who hears a notice, and who a channel reaches. */
export type Audience =
  /** The session's visible participants (its presence channel). */
  | { to: "room"; sessionId: string }
  /** Auditorium audience and monitors: the room's events without presence. */
  | { to: "audience"; sessionId: string }
  /** Unseen staff (monitors, prompters) only. */
  | { to: "watchers"; sessionId: string }
  /** Auditorium backstage: producers and speakers. */
  | { to: "stage"; sessionId: string }
  /** The visitor's shared tab and the session's visible staff. */
  | { to: "cobrowse"; sessionId: string }
  /** One seat. */
  | { to: "participant"; participantId: string }
  /** The org's agents and managers. */
  | { to: "orgStaff"; orgId: string }
  /** One agent (membership). */
  | { to: "member"; membershipId: string }
  /** One waiting visitor. */
  | { to: "queueVisitor"; queueEntryId: string };

export function channelOf(audience: Audience): string {
  switch (audience.to) {
    case "room":
      return channels.session(audience.sessionId);
    case "audience":
      return channels.sessionAudience(audience.sessionId);
    case "watchers":
      return channels.sessionWatch(audience.sessionId);
    case "stage":
      return channels.sessionStage(audience.sessionId);
    case "cobrowse":
      return channels.cobrowse(audience.sessionId);
    case "participant":
      return channels.participant(audience.participantId);
    case "orgStaff":
      return channels.orgStaff(audience.orgId);
    case "member":
      return channels.member(audience.membershipId);
    case "queueVisitor":
      return channels.queue(audience.queueEntryId);
  }
}

const PATTERNS: [RegExp, (id: string) => Audience][] = [
  [new RegExp(`^presence-session-(${ID})$`), (sessionId) => ({ to: "room", sessionId })],
  [new RegExp(`^private-session-(${ID})-audience$`), (sessionId) => ({ to: "audience", sessionId })],
  [new RegExp(`^private-session-(${ID})-watch$`), (sessionId) => ({ to: "watchers", sessionId })],
  [new RegExp(`^private-session-(${ID})-stage$`), (sessionId) => ({ to: "stage", sessionId })],
  [new RegExp(`^private-cobrowse-(${ID})$`), (sessionId) => ({ to: "cobrowse", sessionId })],
  [new RegExp(`^private-participant-(${ID})$`), (participantId) => ({ to: "participant", participantId })],
  [new RegExp(`^private-org-(${ID})-staff$`), (orgId) => ({ to: "orgStaff", orgId })],
  [new RegExp(`^private-member-(${ID})$`), (membershipId) => ({ to: "member", membershipId })],
  [new RegExp(`^private-queue-(${ID})$`), (queueEntryId) => ({ to: "queueVisitor", queueEntryId })],
];

/** Who a channel name reaches (a subscription request, a relay webhook), or null for any name we never hand out. */
export function audienceOfChannel(name: string): Audience | null {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(name);
    if (m?.[1]) return build(m[1]);
  }
  return null;
}
