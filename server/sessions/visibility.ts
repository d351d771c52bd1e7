// Who the room can see. Monitors and prompters are staff who take part unseen: never in presence,
// in participant lists or counts, nor in any event the room receives.
import type { ParticipantRole } from "../generated/prisma/enums";

export const INVISIBLE_ROLES = ["MONITOR", "PROMPTER"] as const satisfies readonly ParticipantRole[];

export function isInvisible(role: ParticipantRole): boolean {
  return (INVISIBLE_ROLES as readonly ParticipantRole[]).includes(role);
}
