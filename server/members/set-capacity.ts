// An admin setting how many sessions a member takes at once.
import "server-only";
import { setAgentStatus } from "../agents/set-status";
import { db } from "../db";
import { notFound } from "../errors";

export async function setMemberCapacity(input: { orgId: string; membershipId: string; capacity: number }) {
  // setAgentStatus checks the member is in this org too; this answers another org's member as the
  // members page's other actions do ("Member"), before anything is locked.
  const own = await db.membership.findFirst({ where: { id: input.membershipId, orgId: input.orgId }, select: { id: true } });
  if (!own) throw notFound("Member");
  const r = await setAgentStatus({ orgId: input.orgId, membershipId: input.membershipId, capacity: input.capacity });
  return { membershipId: r.membershipId, capacity: r.capacity };
}
