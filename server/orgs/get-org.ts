import "server-only";
import { db } from "../db";
import { notFound } from "../errors";

/** The org's settings as its members see them. `orgId` must already be verified by the caller. */
export async function getOrg({ orgId }: { orgId: string }) {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      plan: true,
      allowedDomains: true,
      routingMode: true,
      ringTimeoutSec: true,
      maxConcurrentSeats: true,
      brandColor: true,
      timeZone: true,
      serviceLevelSeconds: true,
      serviceLevelPercent: true,
      retentionDays: true,
      createdAt: true,
    },
  });
  if (!org) throw notFound("Organization");
  return org;
}
