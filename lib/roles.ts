// Seat roles the room never sees (monitors, prompters), for the server and the pages alike: one
// list, so "unseen" means the same on both sides. The names come from Prisma's enum.
import type { ParticipantRole } from "../server/generated/prisma/enums";

export const INVISIBLE_ROLES = ["MONITOR", "PROMPTER"] as const satisfies readonly ParticipantRole[];

export function isInvisible(role: ParticipantRole | string): boolean {
  return (INVISIBLE_ROLES as readonly string[]).includes(role);
}
