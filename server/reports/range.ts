// Report date ranges. A manager picks calendar days ("2026-03-01" to "2026-03-31", both included)
// and means them in the org's time zone, so a range is resolved to the UTC instants of local
// midnight before the first day and after the last. Every report takes its range through here, so
// an inverted, too long or malformed range is the same clear BAD_REQUEST everywhere and never a 500.
import "server-only";
import { z } from "zod";
import { AppError } from "../errors";

/** The longest range one report covers: a year and a day, so "the same day last year" fits. */
export const MAX_RANGE_DAYS = 366;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayParts(day: string): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new AppError("BAD_REQUEST", "Use a date like 2026-03-01.");
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A calendar day "YYYY-MM-DD" that exists (no 2026-02-30). */
export const reportDay = z
  .string()
  .max(10, "Use a date like 2026-03-01.")
  .regex(DAY_RE, "Use a date like 2026-03-01.")
  .refine((s) => {
    // Zod runs this even when the pattern failed: that input already has its message.
    if (!DAY_RE.test(s)) return true;
    const [y, m, d] = dayParts(s);
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 2000 && y <= 2100;
  }, "That date does not exist.");

export const reportRangeInput = z.object({ from: reportDay, to: reportDay });
export type ReportRangeInput = z.infer<typeof reportRangeInput>;

export interface ReportRange {
  /** Local midnight at the start of `fromDay`, as a UTC instant (included). */
  start: Date;
  /** Local midnight after `toDay`, as a UTC instant (excluded). */
  end: Date;
  fromDay: string;
  toDay: string;
  /** Calendar days covered, both ends included. */
  days: number;
  timeZone: string;
}

/** Zones found valid: building a formatter to check costs ~1 ms, and every report asks. */
const validZones = new Set<string>();

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  if (validZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    validZones.add(tz);
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    partsFormatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall clock in `tz` at instant `t`: day "YYYY-MM-DD", hour, minute, weekday (0 = Sunday). */
export function localParts(t: Date, tz: string): { day: string; hour: number; minute: number; weekday: number } {
  const p: Record<string, string> = {};
  for (const { type, value } of partsFormatter(tz).formatToParts(t)) p[type] = value;
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: WEEKDAYS.indexOf(p.weekday ?? ""),
  };
}

/** Minutes `tz` is ahead of UTC at instant `t` (e.g. 60 for Paris in winter). */
export function offsetMinutes(t: Date, tz: string): number {
  const p: Record<string, string> = {};
  for (const { type, value } of partsFormatter(tz).formatToParts(t)) p[type] = value;
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(t.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of the first moment of calendar day `day` in `tz`. Midnight itself may not exist
 * (a few zones change clocks at 00:00); then the day starts at the first wall time that does.
 */
export function startOfLocalDay(day: string, tz: string): Date {
  const [y, m, d] = dayParts(day);
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset on either side of a transition.
  let guess = wallMidnight - offsetMinutes(new Date(wallMidnight), tz) * 60_000;
  guess = wallMidnight - offsetMinutes(new Date(guess), tz) * 60_000;
  if (localParts(new Date(guess), tz).day !== day) {
    // The guess fell before the day (midnight skipped by a spring-forward): step to where it begins.
    guess += 60 * 60_000;
  }
  return new Date(guess);
}

/** The day after `day` ("2026-12-31" -> "2027-01-01"). */
export function nextDay(day: string): string {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Checks a range and resolves it in the org's time zone; bad input is a BAD_REQUEST with a message for people. */
export function resolveRange(input: ReportRangeInput, timeZone: string, maxDays = MAX_RANGE_DAYS): ReportRange {
  const parsed = reportRangeInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Choose a valid date range.");
  const { from, to } = parsed.data;
  const tz = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const days = daysBetween(from, to);
  if (days < 1) throw new AppError("BAD_REQUEST", "The start date is after the end date: choose a start on or before the end.");
  if (days > maxDays) throw new AppError("BAD_REQUEST", `A report covers at most ${maxDays} days; choose a shorter range.`);
  return { start: startOfLocalDay(from, tz), end: startOfLocalDay(nextDay(to), tz), fromDay: from, toDay: to, days, timeZone: tz };
}

/** The last `days` calendar days up to today in `tz` (the pages' default range). */
export function lastDays(days: number, timeZone: string, now = new Date()): ReportRangeInput {
  const today = localParts(now, isValidTimeZone(timeZone) ? timeZone : "UTC").day;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to: today };
}
