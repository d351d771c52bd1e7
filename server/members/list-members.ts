import "server-only";
import { db } from "../db";

/** The org's members with their routing state, for rosters and transfer lists. */
export async function listMembers({ orgId }: { orgId: string }) {
  const rows = await db.membership.findMany({
    where: { orgId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      role: true,
      active: true,
      displayName: true,
      user: { select: { id: true, email: true, name: true } },
      presence: { select: { status: true, capacity: true, since: true } },
    },
  });
  return rows.map((m) => ({
    id: m.id,
    userId: m.user.id,
    email: m.user.email,
    name: m.displayName ?? m.user.name ?? m.user.email,
    role: m.role,
    active: m.active,
    status: m.presence?.status ?? "offline",
    capacity: m.presence?.capacity ?? 1,
    statusSince: m.presence?.since ?? null,
  }));
}
