// Queue reports (docs/reports.md, "Queue reports"), read from the roll-ups of ./rollup.ts. Every
// figure counts entries by the interval (day, week) they arrived in, in the org's time zone:
// arrivals, answered (an agent accepted), abandoned (the visitor left), expired (nobody answered
// in time), scheduled (the visitor chose a later session); waits of answered entries (accept time
// minus arrival, whole seconds rounded up) as median and 90th percentile (nearest rank); service
// level = the share of arrivals answered within the org's target seconds.
import { z } from "zod";
import { db } from "../../db";
import { AppError } from "../../errors";
import { safeString } from "../../api/schemas/safe-string";
import { localParts, reportRangeInput, resolveRange, type ReportRange } from "../range";

/** The interval table covers at most a month: 2,976 quarter hours. */
export const MAX_INTERVAL_DAYS = 31;

export const queueReportInput = reportRangeInput.extend({ launcherId: safeString().max(64).optional() });
export type QueueReportInput = z.infer<typeof queueReportInput>;
export const queueByLauncherInput = reportRangeInput.extend({ grain: z.enum(["day", "week"]).default("day") });
export type QueueByLauncherInput = z.input<typeof queueByLauncherInput>;

export interface QueueCounts {
  arrivals: number;
  answered: number;
  abandoned: number;
  expired: number;
  scheduled: number;
}

export interface QueueFigures extends QueueCounts {
  /** Seconds; null when nothing was answered. */
  waitMedian: number | null;
  waitP90: number | null;
  /** Answered within the target. */
  withinTarget: number;
  /** Percent of arrivals answered within the target, one decimal; null without arrivals. */
  serviceLevel: number | null;
}

/** Counts and a wait histogram being summed up. */
export class QueueTally {
  arrivals = 0;
  answered = 0;
  abandoned = 0;
  expired = 0;
  scheduled = 0;
  readonly waits = new Map<number, number>();

  add(r: QueueCounts & { waitSecs: number[]; waitCounts: number[] }): void {
    this.arrivals += r.arrivals;
    this.answered += r.answered;
    this.abandoned += r.abandoned;
    this.expired += r.expired;
    this.scheduled += r.scheduled;
    for (let i = 0; i < r.waitSecs.length; i++) this.waits.set(r.waitSecs[i]!, (this.waits.get(r.waitSecs[i]!) ?? 0) + r.waitCounts[i]!);
  }

  figures(targetSeconds: number): QueueFigures {
    const buckets = [...this.waits].sort((a, b) => a[0] - b[0]);
    const n = buckets.reduce((s, [, c]) => s + c, 0);
    const at = (p: number): number | null => {
      if (n === 0) return null;
      const rank = Math.max(1, Math.ceil(p * n));
      let seen = 0;
      for (const [sec, c] of buckets) {
        seen += c;
        if (seen >= rank) return sec;
      }
      return buckets[buckets.length - 1]![0];
    };
    const withinTarget = buckets.reduce((s, [sec, c]) => (sec <= targetSeconds ? s + c : s), 0);
    return {
      arrivals: this.arrivals,
      answered: this.answered,
      abandoned: this.abandoned,
      expired: this.expired,
      scheduled: this.scheduled,
      waitMedian: at(0.5),
      waitP90: at(0.9),
      withinTarget,
      serviceLevel: this.arrivals ? Math.round((withinTarget / this.arrivals) * 1000) / 10 : null,
    };
  }
}

type RollupRow = QueueCounts & { launcherId: string; waitSecs: number[]; waitCounts: number[] };

export interface QueueOrg {
  id: string;
  timeZone: string;
  serviceLevelSeconds: number;
  serviceLevelPercent: number;
}

async function loadOrg(orgId: string): Promise<QueueOrg> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, timeZone: true, serviceLevelSeconds: true, serviceLevelPercent: true } });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  return org;
}

async function checkLauncher(orgId: string, launcherId: string | undefined): Promise<void> {
  if (!launcherId) return;
  const found = await db.launcher.findFirst({ where: { id: launcherId, orgId }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", "That launcher is not one of this organization's: choose one from the list.");
}

const SHORT_ZONE = new Map<string, Intl.DateTimeFormat>();
/** "EDT", "EST", "GMT+1": tells the two 01:00s of a fall-back night apart. */
function zoneAbbreviation(t: Date, tz: string): string {
  let f = SHORT_ZONE.get(tz);
  if (!f) SHORT_ZONE.set(tz, (f = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "short" })));
  return f.formatToParts(t).find((p) => p.type === "timeZoneName")?.value ?? tz;
}

export interface QueueIntervalRow extends QueueFigures {
  /** UTC instant the quarter hour starts. */
  start: string;
  /** Local day and time, e.g. "2026-03-08", "03:00", "EDT". */
  day: string;
  time: string;
  zone: string;
}

export interface QueueIntervalsReport {
  range: ReportRange;
  targetSeconds: number;
  targetPercent: number;
  /** Quarter hours with at least one arrival, in time order. */
  rows: QueueIntervalRow[];
  total: QueueFigures;
}

/** Per 15-minute interval of the range (at most 31 days), all launchers or one. */
export async function queueIntervals(orgId: string, input: QueueReportInput): Promise<QueueIntervalsReport> {
  const org = await loadOrg(orgId);
  const range = resolveRange(input, org.timeZone, MAX_INTERVAL_DAYS);
  await checkLauncher(orgId, input.launcherId);
  const rows = await db.$queryRaw<(RollupRow & { intervalStart: Date })[]>`
    SELECT "intervalStart", "launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"
    FROM "QueueIntervalRollup"
    WHERE "orgId" = ${orgId} AND "intervalStart" >= ${range.start} AND "intervalStart" < ${range.end}
      AND (${input.launcherId ?? null}::text IS NULL OR "launcherId" = ${input.launcherId ?? null})
    ORDER BY "intervalStart"`;
  const byStart = new Map<number, QueueTally>();
  const total = new QueueTally();
  for (const r of rows) {
    const k = r.intervalStart.getTime();
    let t = byStart.get(k);
    if (!t) byStart.set(k, (t = new QueueTally()));
    t.add(r);
    total.add(r);
  }
  const target = org.serviceLevelSeconds;
  return {
    range,
    targetSeconds: target,
    targetPercent: org.serviceLevelPercent,
    rows: [...byStart].map(([k, t]) => {
      const start = new Date(k);
      const p = localParts(start, range.timeZone);
      return {
        start: start.toISOString(),
        day: p.day,
        time: `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`,
        zone: zoneAbbreviation(start, range.timeZone),
        ...t.figures(target),
      };
    }),
    total: total.figures(target),
  };
}

/**
 * Day roll-up rows of the range: from QueueDayRollup when its rows were built in the org's zone,
 * else (just after the admin changed the zone, until the refresh job rebuilt them) summed from
 * the interval roll-up by local day.
 */
async function dayRows(org: QueueOrg, range: ReportRange, launcherId: string | undefined): Promise<(RollupRow & { day: string })[]> {
  const launcher = launcherId ?? null;
  const stale = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "QueueDayRollup"
    WHERE "orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND "timeZone" <> ${range.timeZone}`;
  if ((stale[0]?.n ?? 0) === 0) {
    return db.$queryRaw<(RollupRow & { day: string })[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, "launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"
      FROM "QueueDayRollup"
      WHERE "orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date
        AND (${launcher}::text IS NULL OR "launcherId" = ${launcher})
      ORDER BY day`;
  }
  const rows = await db.$queryRaw<(RollupRow & { intervalStart: Date })[]>`
    SELECT "intervalStart", "launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"
    FROM "QueueIntervalRollup"
    WHERE "orgId" = ${org.id} AND "intervalStart" >= ${range.start} AND "intervalStart" < ${range.end}
      AND (${launcher}::text IS NULL OR "launcherId" = ${launcher})
    ORDER BY "intervalStart"`;
  return rows.map((r) => ({ ...r, day: localParts(r.intervalStart, range.timeZone).day }));
}

/** The Monday of the week a local day is in. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

export interface QueueDaysReport {
  range: ReportRange;
  targetSeconds: number;
  targetPercent: number;
  rows: (QueueFigures & { day: string })[];
  total: QueueFigures;
}

/** Per local day of the range (at most 366 days), all launchers or one. */
export async function queueDays(orgId: string, input: QueueReportInput): Promise<QueueDaysReport> {
  const org = await loadOrg(orgId);
  const range = resolveRange(input, org.timeZone);
  await checkLauncher(orgId, input.launcherId);
  const byDay = new Map<string, QueueTally>();
  const total = new QueueTally();
  for (const r of await dayRows(org, range, input.launcherId)) {
    let t = byDay.get(r.day);
    if (!t) byDay.set(r.day, (t = new QueueTally()));
    t.add(r);
    total.add(r);
  }
  const target = org.serviceLevelSeconds;
  return {
    range,
    targetSeconds: target,
    targetPercent: org.serviceLevelPercent,
    rows: [...byDay].sort((a, b) => a[0].localeCompare(b[0])).map(([day, t]) => ({ day, ...t.figures(target) })),
    total: total.figures(target),
  };
}

export interface QueueLauncherRow extends QueueFigures {
  launcherId: string;
  launcher: string;
  /** The day, or the Monday starting the week. */
  period: string;
}

export interface QueueByLauncherReport {
  range: ReportRange;
  grain: "day" | "week";
  targetSeconds: number;
  launchers: { id: string; name: string; total: QueueFigures }[];
  rows: QueueLauncherRow[];
}

/** Per launcher (campaign) and day or week (weeks start on Monday, in the org's zone). */
export async function queueByLauncher(orgId: string, input: QueueByLauncherInput): Promise<QueueByLauncherReport> {
  const parsed = queueByLauncherInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Choose a valid date range.");
  const grain = parsed.data.grain;
  const org = await loadOrg(orgId);
  const range = resolveRange(parsed.data, org.timeZone);
  const names = new Map((await db.launcher.findMany({ where: { orgId }, select: { id: true, name: true } })).map((l) => [l.id, l.name]));
  const cells = new Map<string, { launcherId: string; period: string; tally: QueueTally }>();
  const totals = new Map<string, QueueTally>();
  for (const r of await dayRows(org, range, undefined)) {
    const period = grain === "week" ? weekOf(r.day) : r.day;
    const key = `${r.launcherId}\u0000${period}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { launcherId: r.launcherId, period, tally: new QueueTally() }));
    c.tally.add(r);
    let t = totals.get(r.launcherId);
    if (!t) totals.set(r.launcherId, (t = new QueueTally()));
    t.add(r);
  }
  const target = org.serviceLevelSeconds;
  const nameOf = (id: string) => names.get(id) ?? "Deleted launcher";
  return {
    range,
    grain,
    targetSeconds: target,
    launchers: [...totals]
      .map(([id, t]) => ({ id, name: nameOf(id), total: t.figures(target) }))
      .sort((a, b) => b.total.arrivals - a.total.arrivals || a.name.localeCompare(b.name)),
    rows: [...cells.values()]
      .sort((a, b) => a.period.localeCompare(b.period) || nameOf(a.launcherId).localeCompare(nameOf(b.launcherId)))
      .map((c) => ({ launcherId: c.launcherId, launcher: nameOf(c.launcherId), period: c.period, ...c.tally.figures(target) })),
  };
}

/** The org's launchers, for the filter. */
export async function queueLaunchers(orgId: string): Promise<{ id: string; name: string }[]> {
  return db.launcher.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
