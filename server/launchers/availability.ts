// "Is anyone there?" before the visitor clicks: free agent capacity behind a launcher, for the
// status JSON, the badge and the entry page. Counts as routing does (server/routing/load.ts): agents
// in a routable state with an active membership, minus the AGENT seats they hold in live sessions.
import "server-only";
import { routableKeys } from "../agents/statuses";
import { db } from "../db";
import { brandPalette } from "../../lib/brand";

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

/** What the embed button shows: availability plus the launcher's label and the org's colour. */
export type LauncherStatus = Availability & { brandColor: string; label: string };

/** Availability behind a launcher key; null for an unknown or archived key or a suspended org. */
export async function launcherAvailability(key: string): Promise<LauncherStatus | null> {
  const launcher = await db.launcher.findUnique({
    where: { key },
    select: {
      archivedAt: true,
      buttonLabel: true,
      org: { select: { id: true, status: true, agentStatuses: true, brandColor: true } },
    },
  });
  if (!launcher || launcher.archivedAt || launcher.org.status !== "ACTIVE") return null;
  const availability = await orgAvailability(launcher.org.id, launcher.org.agentStatuses);
  // The readable shade (white text on it passes WCAG AA), as the entry pages use it.
  return { ...availability, brandColor: brandPalette(launcher.org.brandColor).solid, label: launcher.buttonLabel };
}
