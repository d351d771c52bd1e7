// Seat roles the room never sees (monitors, prompters), for the server and the pages alike: one
// list, so "unseen" means the same on both sides. The names come from Prisma's enum.
import type { MemberRole, ParticipantRole } from "../server/generated/prisma/enums";

export const INVISIBLE_ROLES = ["MONITOR", "PROMPTER"] as const satisfies readonly ParticipantRole[];

export function isInvisible(role: ParticipantRole | string): boolean {
  return (INVISIBLE_ROLES as readonly string[]).includes(role);
}

/** What staff may join a live session as (server/sessions/staff.ts): unseen, or seen as an agent. */
export const STAFF_JOIN_ROLES = ["MONITOR", "PROMPTER", "AGENT"] as const satisfies readonly ParticipantRole[];
export type StaffRole = (typeof STAFF_JOIN_ROLES)[number];

/** An org member's roles, highest first, for pages that cannot import Prisma's enum object. */
export const MEMBER_ROLES = ["OWNER", "ADMIN", "MANAGER", "AGENT"] as const satisfies readonly MemberRole[];
/** Fails to compile while Prisma's MemberRole has a value MEMBER_ROLES lacks. */
type NoneMissing<Missing extends never> = Missing;
export type MemberRolesComplete = NoneMissing<Exclude<MemberRole, (typeof MEMBER_ROLES)[number]>>;
