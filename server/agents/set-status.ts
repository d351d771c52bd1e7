// An agent's ready / not-ready switch (and the org's other states) and capacity. Routing obeys it at
// once: going not-ready withdraws the agent's pending offers; becoming ready starts a dispatch round.
import "server-only";
import type { AgentStatusChanged } from "../../lib/realtime-events";
import { db } from "../db";
import { AppError } from "../errors";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { withdrawAgentOffers } from "../routing/offers";
import { recordStatusChange } from "./status-history";
import { agentStatusNotice } from "./status-notice";
import { agentStatusesFor } from "./statuses";

export const MAX_CAPACITY = 20;

export async function setAgentStatus(input: {
  orgId: string;
  membershipId: string;
  status?: string;
  capacity?: number;
  autoAccept?: boolean;
  now?: Date;
}): Promise<AgentStatusChanged> {
  const now = input.now ?? new Date();
  if (input.capacity !== undefined && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY)) {
    throw new AppError("BAD_REQUEST", `Capacity must be a whole number from 1 to ${MAX_CAPACITY}.`);
  }
  const fx = newEffects();
  const result = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const member = await tx.membership.findFirst({
      where: { id: input.membershipId, orgId: input.orgId },
      select: { id: true, org: { select: { agentStatuses: true } }, presence: true },
    });
    if (!member) throw new AppError("NOT_FOUND", "Agent not found.");
    const statuses = agentStatusesFor(member.org.agentStatuses);
    const next = input.status ?? member.presence?.status ?? "offline";
    const nextDef = statuses.find((s) => s.key === next);
    if (!nextDef) throw new AppError("BAD_REQUEST", `Unknown status "${next}". Choose one of: ${statuses.map((s) => s.key).join(", ")}.`);
    const prevDef = statuses.find((s) => s.key === member.presence?.status);
    const changed = member.presence?.status !== next;
    const presence = await tx.agentPresence.upsert({
      where: { membershipId: member.id },
      create: {
        orgId: input.orgId,
        membershipId: member.id,
        status: next,
        since: now,
        idleSince: now,
        capacity: input.capacity ?? 1,
        autoAccept: input.autoAccept ?? false,
      },
      update: {
        status: next,
        ...(changed ? { since: now } : {}),
        // Coming back into the line starts a fresh idle time.
        ...(nextDef.routable && !prevDef?.routable ? { idleSince: now } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.autoAccept !== undefined ? { autoAccept: input.autoAccept } : {}),
        lastSeenAt: now,
      },
    });
    if (changed || (input.capacity !== undefined && input.capacity !== member.presence?.capacity)) {
      await recordStatusChange(tx, {
        orgId: input.orgId,
        membershipId: member.id,
        status: presence.status,
        routable: nextDef.routable,
        capacity: presence.capacity,
        at: now,
      });
    }
    if (!nextDef.routable) await withdrawAgentOffers(tx, fx, input.orgId, member.id);
    else fx.dispatch.add(input.orgId);
    const payload: AgentStatusChanged = {
      membershipId: member.id,
      status: presence.status,
      since: presence.since.toISOString(),
      capacity: presence.capacity,
    };
    fx.notices.push(agentStatusNotice(input.orgId, payload));
    return payload;
  });
  await applyEffects(fx);
  return result;
}
