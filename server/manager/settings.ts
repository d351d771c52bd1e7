// The live monitor's org settings, kept in Organization.settings under "monitor" (JSON, so other
// features can keep their own keys beside it).
import "server-only";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";

export const DEFAULT_LONGEST_WAIT_ALERT_SEC = 120;
export const monitorSettingsInput = z.object({ longestWaitAlertSec: z.number().int().min(10).max(3600) });
export type MonitorSettings = z.infer<typeof monitorSettingsInput>;

export function monitorSettingsOf(settings: unknown): MonitorSettings {
  const raw = (settings as { monitor?: unknown } | null)?.monitor;
  const parsed = monitorSettingsInput.safeParse(raw);
  return parsed.success ? parsed.data : { longestWaitAlertSec: DEFAULT_LONGEST_WAIT_ALERT_SEC };
}

export async function setMonitorSettings({ orgId, input }: { orgId: string; input: MonitorSettings }): Promise<MonitorSettings> {
  const parsed = monitorSettingsInput.safeParse(input);
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", "The wait alert must be between 10 and 3600 seconds.", { field: "longestWaitAlertSec" });
  return db.$transaction(async (tx) => {
    const [org] = await tx.$queryRaw<{ settings: Prisma.JsonValue }[]>`SELECT settings FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
    if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
    const current = org.settings && typeof org.settings === "object" && !Array.isArray(org.settings) ? org.settings : {};
    await tx.organization.update({ where: { id: orgId }, data: { settings: { ...current, monitor: parsed.data } } });
    return parsed.data;
  });
}
