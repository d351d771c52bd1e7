// Building blocks of the public API's schemas (each resource's own schemas sit beside its routes).
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { lastDays, reportDay, type ReportRangeInput } from "../reports/range";

export const idParam = z.strictObject({ id: safeString().min(1).max(64) });
export const noQuery = z.strictObject({});
export const timestamp = z.iso.datetime({ offset: true }).describe("An instant, ISO 8601 in UTC.");
export const day = reportDay.describe("A calendar day in the organization's time zone, YYYY-MM-DD.");

/** `from`/`to` query parameters (both optional) of endpoints that cover days. */
export const dayRangeQuery = {
  from: day.optional().describe("First day included (default: 29 days before `to`)."),
  to: day.optional().describe("Last day included (default: today in the organization's time zone)."),
};

const DEFAULT_DAYS = 30;

/** The days asked for, defaulting to the last 30 (ending at `to` when only it is given). */
export function dayRange(q: { from?: string; to?: string }, timeZone: string, now = new Date()): ReportRangeInput {
  const to = q.to ?? lastDays(1, timeZone, now).to;
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
