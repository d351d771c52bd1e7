// Billing periods are calendar months in UTC: [first instant of the month, first instant of the next).
import "server-only";

export type Period = { start: Date; end: Date };

export function periodOf(at: Date): Period {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

export function previousPeriod(at: Date): Period {
  const { start } = periodOf(at);
  return periodOf(new Date(start.getTime() - 1));
}

/** "2026-11": used in file names and labels. */
export function periodLabel(start: Date): string {
  return start.toISOString().slice(0, 7);
}

/** "November 2026". */
export function periodName(start: Date): string {
  return start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}
