// The staffing advisor (docs/reports.md, "Staffing and attendance"): for each 15-minute interval of
// a chosen week, the measured demand (arrivals, average handle time), the agents Erlang C says the
// org's service-level target needs, and the agents actually ready, so over- and under-staffing show
// per interval. Demand and the ready time of closed status spans come from the StaffingInterval
// roll-up (or, for the bench's baseline, the base tables); spans still open are added live.
import "server-only";
import { db, dbPool } from "../../db";
import { notFound } from "../../errors";
import { agentsNeeded, serviceLevel } from "../../../lib/erlang";
import { localLabels, readWindow, utcMinuteIso } from "../labels";
import { resolveRange, type ReportRangeInput } from "../range";
import { demandFromBaseTables, readySpansSql, type DemandRow } from "./rollup";

export const INTERVAL_SECONDS = 900;
const INTERVAL_MS = INTERVAL_SECONDS * 1000;
/** The advisor looks at one week at most: 672 intervals fit a chart. */
export const STAFFING_MAX_DAYS = 7;
/** 100 % within the target needs infinitely many agents; a target of 100 is advised as 99.9 %. */
const MAX_LEVEL = 0.999;

export interface StaffingInterval {
  /** UTC instant the interval starts. */
  start: string;
  /** Local day and time in the org's zone: "2026-03-02", "09:15". */
  day: string;
  time: string;
  arrivals: number;
  /** Average handle time of sessions started in the interval; null when none ended. */
  handleSeconds: number | null;
  /** Agents Erlang C needs for the target (the week's average handle time where the interval has none). */
  needed: number;
  /** Average number of agents in a routable status over the interval (time-weighted). */
  ready: number;
  /** ready - needed, one decimal: positive is over-staffed. */
  balance: number;
  /** Service level the ready agents (rounded down) would give by Erlang C; null without arrivals. */
  expectedServiceLevel: number | null;
}

export interface StaffingReport {
  timeZone: string;
  fromDay: string;
  toDay: string;
  target: { seconds: number; percent: number };
  /** The range's average handle time, seconds (null when no session ended). */
  averageHandleSeconds: number | null;
  totals: { arrivals: number; understaffed: number; overstaffed: number; peakNeeded: number; peakArrivals: number };
  intervals: StaffingInterval[];
}

/** Adds each span's seconds to the 15-minute intervals it covers. */
function addToIntervals(out: Map<number, number>, spans: { s: Date; e: Date }[]): Map<number, number> {
  for (const { s, e } of spans) {
    const end = e.getTime();
    let t = s.getTime();
    while (t < end) {
      const bucket = Math.floor(t / INTERVAL_MS) * INTERVAL_MS;
      const stop = Math.min(end, bucket + INTERVAL_MS);
      out.set(bucket, (out.get(bucket) ?? 0) + (stop - t) / 1000);
      t = stop;
    }
  }
  return out;
}

/**
 * Ready seconds per 15-minute interval in [from, to) from the status history alone: each agent's
 * status holds from its row until their next one (the last one until now). The baseline's way.
 */
export async function readySecondsPerInterval(orgId: string, from: Date, to: Date, now = new Date()): Promise<Map<number, number>> {
  const spans = await db.$queryRaw<{ s: Date; e: Date | null }[]>(readySpansSql(orgId, from, to));
  const until = new Date(Math.min(now.getTime(), to.getTime()));
  return addToIntervals(
    new Map(),
    spans.map((x) => ({ s: x.s, e: x.e ?? until })),
  );
}

async function orgSettings(orgId: string): Promise<{ timeZone: string; serviceLevelSeconds: number; serviceLevelPercent: number }> {
  const { rows } = await dbPool().query<{ timeZone: string; serviceLevelSeconds: number; serviceLevelPercent: number }>(
    `SELECT "timeZone", "serviceLevelSeconds", "serviceLevelPercent" FROM "Organization" WHERE id = $1`,
    [orgId],
  );
  if (!rows[0]) throw notFound("Organization");
  return rows[0];
}

type OrgSettings = { timeZone: string; serviceLevelSeconds: number; serviceLevelPercent: number };

/**
 * The org's settings, the roll-up rows from `from` to `to` and when each open ready span began (a
 * member's latest row, when it takes sessions: one index probe per member), in one statement
 * answering one row of texts: the ORM's per-row decoding of 672 rows and more round trips cost more
 * than PostgreSQL's work (measured on the 1M-session history, where the whole read is ~3 ms).
 */
async function readRollup(
  orgId: string,
  from: Date,
  to: Date,
): Promise<{ org: OrgSettings | undefined; demand: DemandRow[]; openSince: number[] }> {
  const { rows } = await dbPool().query<OrgSettings & { demand: string | null; open: string | null }>(
    `SELECT o."timeZone", o."serviceLevelSeconds", o."serviceLevelPercent",
       (SELECT string_agg(concat_ws(',', extract(epoch FROM start)::bigint, arrivals, handled, "handleSeconds", "readySeconds"), ',' ORDER BY start)
        FROM "StaffingInterval" WHERE "orgId" = o.id AND start >= $2 AND start < $3) AS demand,
       (SELECT string_agg((extract(epoch FROM l.at) * 1000)::bigint::text, ',')
        FROM "Membership" m
        CROSS JOIN LATERAL (
          SELECT c.routable, c.at FROM "AgentStatusChange" c WHERE c."orgId" = o.id AND c."membershipId" = m.id ORDER BY c.at DESC LIMIT 1
        ) l
        WHERE m."orgId" = o.id AND l.routable AND l.at < $3) AS open
     FROM "Organization" o WHERE o.id = $1`,
    [orgId, from, to],
  );
  const row = rows[0];
  const demand: DemandRow[] = [];
  // float8 prints its shortest exact form, so parsing gives back the very same doubles.
  const f = row?.demand ? row.demand.split(",") : [];
  for (let i = 0; i + 4 < f.length; i += 5) {
    demand.push({
      start: new Date(Number(f[i]) * 1000),
      arrivals: Number(f[i + 1]),
      handled: Number(f[i + 2]),
      handleSeconds: Number(f[i + 3]),
      readySeconds: Number(f[i + 4]),
    });
  }
  const org = row && { timeZone: row.timeZone, serviceLevelSeconds: row.serviceLevelSeconds, serviceLevelPercent: row.serviceLevelPercent };
  return { org, demand, openSince: row?.open ? row.open.split(",").map(Number) : [] };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
// Kept importable from here (the staffing labels' unit test).
export { localLabels };

/** Builds the report from demand rows and ready seconds: pure apart from its inputs. */
export function adviseStaffing(
  range: { start: Date; end: Date; fromDay: string; toDay: string; timeZone: string },
  target: { seconds: number; percent: number },
  demand: DemandRow[],
  readySeconds: Map<number, number>,
): StaffingReport {
  const byStart = new Map(demand.map((d) => [d.start.getTime(), d]));
  let handled = 0;
  let handleSum = 0;
  for (const d of demand) {
    handled += d.handled;
    handleSum += d.handleSeconds;
  }
  const average = handled > 0 ? handleSum / handled : null;
  const level = Math.min(target.percent / 100, MAX_LEVEL);
  const intervals: StaffingInterval[] = [];
  const totals = { arrivals: 0, understaffed: 0, overstaffed: 0, peakNeeded: 0, peakArrivals: 0 };
  const starts: number[] = [];
  for (let t = range.start.getTime(); t < range.end.getTime(); t += INTERVAL_MS) starts.push(t);
  const labels = localLabels(starts, range.timeZone);
  starts.forEach((t, k) => {
    const d = byStart.get(t);
    const arrivals = d?.arrivals ?? 0;
    const own = d && d.handled > 0 ? d.handleSeconds / d.handled : null;
    const handle = own ?? average ?? 0;
    const rate = arrivals / INTERVAL_SECONDS;
    const needed = arrivals > 0 && handle > 0 ? agentsNeeded(rate, handle, target.seconds, level) : 0;
    const ready = round1((readySeconds.get(t) ?? 0) / INTERVAL_SECONDS);
    const balance = round1(ready - needed);
    intervals.push({
      start: utcMinuteIso(t),
      day: labels[k]!.day,
      time: labels[k]!.time,
      arrivals,
      handleSeconds: own === null ? null : Math.round(own),
      needed,
      ready,
      balance,
      expectedServiceLevel: arrivals > 0 && handle > 0 ? round1(serviceLevel(Math.floor(ready), rate, handle, target.seconds) * 100) : null,
    });
    totals.arrivals += arrivals;
    totals.peakNeeded = Math.max(totals.peakNeeded, needed);
    totals.peakArrivals = Math.max(totals.peakArrivals, arrivals);
    if (balance < 0) totals.understaffed++;
    else if (balance >= 1) totals.overstaffed++;
  });
  return {
    timeZone: range.timeZone,
    fromDay: range.fromDay,
    toDay: range.toDay,
    target,
    averageHandleSeconds: average === null ? null : Math.round(average),
    totals,
    intervals,
  };
}

/**
 * The advisor for `input` (at most a week, days in the org's zone). `source: "base"` computes the
 * demand from the base tables (the bench's baseline; also what the roll-up stores).
 */
export async function staffingReport(
  orgId: string,
  input: ReportRangeInput,
  opts: { source?: "rollup" | "base"; now?: Date } = {},
): Promise<StaffingReport> {
  if (opts.source === "base") {
    const org = await orgSettings(orgId);
    const range = resolveRange(input, org.timeZone, STAFFING_MAX_DAYS);
    const target = { seconds: org.serviceLevelSeconds, percent: org.serviceLevelPercent };
    const [demand, ready] = await Promise.all([
      demandFromBaseTables(orgId, range.start, range.end),
      readySecondsPerInterval(orgId, range.start, range.end, opts.now),
    ]);
    return adviseStaffing(range, target, demand, ready);
  }
  // The org's zone and the rows in one round trip: rows of a window holding the range in any zone,
  // those outside the range dropped here.
  const window = readWindow(input, STAFFING_MAX_DAYS);
  const read = await readRollup(orgId, window.from, window.to);
  if (!read.org) throw notFound("Organization");
  const range = resolveRange(input, read.org.timeZone, STAFFING_MAX_DAYS);
  const target = { seconds: read.org.serviceLevelSeconds, percent: read.org.serviceLevelPercent };
  const from = range.start.getTime();
  const to = range.end.getTime();
  const demand = read.demand.filter((d) => d.start.getTime() >= from && d.start.getTime() < to);
  const until = Math.min((opts.now ?? new Date()).getTime(), to);
  const open = addToIntervals(
    new Map(),
    read.openSince
      .filter((at) => at < to)
      .map((at) => ({ s: new Date(Math.max(at, from)), e: new Date(until) }))
      .filter((x) => x.e > x.s),
  );
  for (const d of demand) if (d.readySeconds) open.set(d.start.getTime(), (open.get(d.start.getTime()) ?? 0) + d.readySeconds);
  return adviseStaffing(range, target, demand, open);
}
