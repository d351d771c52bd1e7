// zod schemas shared by the dashboard's routers (org preferences, scenarios, launchers, members).
import "server-only";
import { z } from "zod";
import { memberActor } from "../../access/actor";
import { MemberRole, RoutingMode } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";

export const memberRole = z.enum(MemberRole);
export const routingMode = z.enum(RoutingMode);
export const id = safeString().min(1).max(64);
export const avatarValue = safeString().max(200).nullable();

export const agentStatus = z.object({
  key: safeString().regex(/^[a-z][a-z0-9_]{0,31}$/, "Keys are lower case letters, digits and _, starting with a letter."),
  label: safeString().trim().min(1).max(40),
  routable: z.boolean(),
});

export const actorOf = (ctx: { user: { id: string }; member: { id: string; role: z.infer<typeof memberRole> } }) =>
  memberActor({ userId: ctx.user.id, membershipId: ctx.member.id, role: ctx.member.role });
