// Which picture a seat shows inside the session (avatar strip, side panel, beside chat lines). The
// 1999 design has two sources: the page the visitor clicked from picks an avatar for the visitor
// ("a support avatar, or a service/parts avatar": the page rule, else the launcher), and each agent
// chooses their own (Membership.avatarUrl). The scenario's avatars stand in when neither says.
// Decided once, when the seat is made, so a later edit of a rule doesn't repaint past sessions.
import "server-only";

export type ScenarioAvatars = { agent: string | null; visitor: string | null };

/** The scenario's stored `avatars` JSON ({ agent?, visitor? }), tolerant of anything else in it. */
export function scenarioAvatars(raw: unknown): ScenarioAvatars {
  const a = (raw ?? {}) as { agent?: unknown; visitor?: unknown };
  return {
    agent: typeof a.agent === "string" ? a.agent : null,
    visitor: typeof a.visitor === "string" ? a.visitor : null,
  };
}

/** The visitor's picture for entry through a launcher: the matching page rule's, else the launcher's. */
export function entryVisitorAvatar(rule: { avatarUrl: string | null } | null, launcher: { avatarUrl: string | null }): string | null {
  return rule?.avatarUrl ?? launcher.avatarUrl ?? null;
}

/** A visitor seat: what the entry picked, else the scenario's visitor avatar. */
export function visitorSeatAvatar(entryAvatar: string | null | undefined, scenario: unknown): string | null {
  return entryAvatar ?? scenarioAvatars(scenario).visitor;
}

/** A visible staff seat: the agent's own choice, else the scenario's agent avatar. */
export function agentSeatAvatar(memberAvatar: string | null | undefined, scenario: unknown): string | null {
  return memberAvatar ?? scenarioAvatars(scenario).agent;
}

/** For a `participant.joined` payload: the seat's picture when it has one (absent rather than null). */
export function avatarField(avatarUrl: string | null): { avatarUrl?: string } {
  return avatarUrl ? { avatarUrl } : {};
}
