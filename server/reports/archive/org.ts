// The org as the archive explorer reads it: its id and the zone its days are counted in.
import "server-only";
import { db } from "../../db";

export async function archiveOrg(orgId: string): Promise<{ id: string; timeZone: string }> {
  const row = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { timeZone: true } });
  return { id: orgId, timeZone: row.timeZone };
}
