// "Is anyone there?" before the visitor clicks: free agent capacity behind a launcher, for the
// status JSON, the badge and the entry page. Counts as routing does (server/routing/load.ts): agents
// in a routable state with an active membership, minus the AGENT seats they hold in live sessions.
import { routableKeys } from "../agents/statuses";
import { db } from "../db";

export type AvailabilityState = "available" | "busy" | "offline";
export type Availability = { available: number; state: AvailabilityState };

export async function orgAvailability(orgId: string, agentStatuses: unknown): Promise<Availability> {
  const routable = routableKeys(agentStatuses);
  const agents = await db.agentPresence.findMany({
    where: { orgId, status: { in: routable }, membership: { active: true } },
    select: { membershipId: true, capacity: true },
  });
  if (agents.length === 0) return { available: 0, state: "offline" };
  const seated = await db.participant.groupBy({
    by: ["membershipId"],
    where: {
      orgId,
      role: "AGENT",
      leftAt: null,
      session: { status: "ACTIVE" },
      membershipId: { in: agents.map((a) => a.membershipId) },
    },
    _count: { _all: true },
  });
  const load = new Map(seated.map((s) => [s.membershipId, s._count._all]));
  const available = agents.reduce((n, a) => n + Math.max(0, a.capacity - (load.get(a.membershipId) ?? 0)), 0);
  return { available, state: available > 0 ? "available" : "busy" };
}

/** Availability behind a launcher key; null for an unknown or archived key or a suspended org. */
export async function launcherAvailability(key: string): Promise<Availability | null> {
  const launcher = await db.launcher.findUnique({
    where: { key },
    select: { archivedAt: true, org: { select: { id: true, status: true, agentStatuses: true } } },
  });
  if (!launcher || launcher.archivedAt || launcher.org.status !== "ACTIVE") return null;
  return orgAvailability(launcher.org.id, launcher.org.agentStatuses);
}
