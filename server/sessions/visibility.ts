// Who the room can see. Monitors and prompters are staff who take part unseen: never in presence,
// in participant lists or counts, nor in any event the room receives.
import "server-only";
import { INVISIBLE_ROLES } from "../../lib/roles";
import type { ParticipantRole, ScenarioKind } from "../generated/prisma/enums";

export { INVISIBLE_ROLES, isInvisible } from "../../lib/roles";

/**
 * Roles a participant list of this session leaves out: unseen staff (unless the reader may see
 * them), and in an auditorium its attendees, who are a count, never a list (19,000 rows, and one
 * attendee must not learn who the others are).
 */
export function unlistedRoles(kind: ScenarioKind, seesUnseen: boolean): ParticipantRole[] {
  return [...(seesUnseen ? [] : INVISIBLE_ROLES), ...(kind === "AUDITORIUM" ? (["ATTENDEE"] as const) : [])];
}

/** An auditorium attendee watches: no line, lead, baton request or sidebar to the room. */
export function isWatchOnly(seat: { role: ParticipantRole; session: { kind: ScenarioKind } }): boolean {
  return seat.role === "ATTENDEE" && seat.session.kind === "AUDITORIUM";
}
