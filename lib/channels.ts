// Realtime channel names (docs/architecture.md), shared by the browser and the server. Build names only
// through these functions; parse them only through parseChannel.
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

export type ParsedChannel =
  | { kind: "session"; sessionId: string }
  | { kind: "sessionAudience"; sessionId: string }
  | { kind: "sessionWatch"; sessionId: string }
  | { kind: "sessionStage"; sessionId: string }
  | { kind: "cobrowse"; sessionId: string }
  | { kind: "participant"; participantId: string }
  | { kind: "orgStaff"; orgId: string }
  | { kind: "member"; membershipId: string }
  | { kind: "queue"; queueEntryId: string };

const PATTERNS: [RegExp, (id: string) => ParsedChannel][] = [
  [new RegExp(`^presence-session-(${ID})$`), (sessionId) => ({ kind: "session", sessionId })],
  [new RegExp(`^private-session-(${ID})-audience$`), (sessionId) => ({ kind: "sessionAudience", sessionId })],
  [new RegExp(`^private-session-(${ID})-watch$`), (sessionId) => ({ kind: "sessionWatch", sessionId })],
  [new RegExp(`^private-session-(${ID})-stage$`), (sessionId) => ({ kind: "sessionStage", sessionId })],
  [new RegExp(`^private-cobrowse-(${ID})$`), (sessionId) => ({ kind: "cobrowse", sessionId })],
  [new RegExp(`^private-participant-(${ID})$`), (participantId) => ({ kind: "participant", participantId })],
  [new RegExp(`^private-org-(${ID})-staff$`), (orgId) => ({ kind: "orgStaff", orgId })],
  [new RegExp(`^private-member-(${ID})$`), (membershipId) => ({ kind: "member", membershipId })],
  [new RegExp(`^private-queue-(${ID})$`), (queueEntryId) => ({ kind: "queue", queueEntryId })],
];

/** The channel's kind and id, or null for any name we never hand out. */
export function parseChannel(name: string): ParsedChannel | null {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(name);
    if (m?.[1]) return build(m[1]);
  }
  return null;
}
