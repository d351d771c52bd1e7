// Agent states: four built in, and the org may rename them or add its own (Organization.agentStatuses).
// Routing offers sessions only to agents in a routable state.
import "server-only";
import { z } from "zod";
import { db } from "../db";

export type AgentStatus = { key: string; label: string; routable: boolean };

export const BUILT_IN_STATUSES: readonly AgentStatus[] = [
  { key: "available", label: "Available", routable: true },
  { key: "away", label: "Away", routable: false },
  { key: "on_break", label: "On break", routable: false },
  { key: "offline", label: "Offline", routable: false },
];

const orgStatusSchema = z.array(
  z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), label: z.string().min(1).max(40), routable: z.boolean() }),
);

/** The org's states: built-ins (possibly relabelled by the org) followed by its own. */
export function agentStatusesFor(orgSetting: unknown): AgentStatus[] {
  const parsed = orgStatusSchema.safeParse(orgSetting);
  const custom = parsed.success ? parsed.data : [];
  const byKey = new Map(custom.map((s) => [s.key, s]));
  const builtIn = BUILT_IN_STATUSES.map((s) => {
    const o = byKey.get(s.key);
    // Built-ins keep their routability; only the label may change. "offline" must never route.
    return o ? { ...s, label: o.label } : s;
  });
  const extra = custom.filter((s) => !BUILT_IN_STATUSES.some((b) => b.key === s.key));
  return [...builtIn, ...extra];
}

export function routableKeys(orgSetting: unknown): string[] {
  return agentStatusesFor(orgSetting)
    .filter((s) => s.routable)
    .map((s) => s.key);
}

/** The org's states as its pages list them. */
export async function orgAgentStatuses(orgId: string): Promise<AgentStatus[]> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { agentStatuses: true } });
  return agentStatusesFor(org.agentStatuses);
}
