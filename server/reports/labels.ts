// Helpers of the 15-minute interval reports (queue, staffing), which read hundreds to thousands of
// intervals per page: wall-clock labels asking Intl as little as possible, and the window of rows
// to read before the org's zone is known.
import "server-only";
import { offsetMinutes } from "./range";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CLOCK: string[] = [];
/** "HH:MM" of a minute of the day. */
function clock(minute: number): string {
  return (CLOCK[minute] ??= `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`);
}

/** The zone's offset is probed this far apart; an offset that changes and changes back within it would be missed (no zone does). */
const PROBE_MS = DAY_MS;

/**
 * Local day and "HH:MM" of each interval start (ascending). Intl is slow (~15-50 us a call; a week
 * asked per hour cost ~4 ms, more than the rest of the report), so the zone's offset is asked at
 * both ends of each day-long stretch; a stretch whose ends differ holds one switch (DST, possibly
 * on a half hour as on Lord Howe Island), found by bisection over its interval starts.
 * `offsetsOut`, when given, receives each start's UTC offset in minutes.
 */
export function localLabels(starts: number[], timeZone: string, offsetsOut?: number[]): { day: string; time: string }[] {
  const offsets = new Map<number, number>();
  const offsetAt = (t: number) => {
    let o = offsets.get(t);
    if (o === undefined) offsets.set(t, (o = offsetMinutes(new Date(t), timeZone)));
    return o;
  };
  const out: { day: string; time: string }[] = new Array(starts.length);
  // Formatting each instant (toISOString) cost more than the probes: days and times repeat, so each is formatted once.
  const days = new Map<number, string>();
  const label = (k: number, offset: number) => {
    if (offsetsOut) offsetsOut[k] = offset;
    const wall = starts[k]! + offset * 60_000;
    const d = Math.floor(wall / DAY_MS);
    let day = days.get(d);
    if (day === undefined) days.set(d, (day = new Date(d * DAY_MS).toISOString().slice(0, 10)));
    out[k] = { day, time: clock((wall - d * DAY_MS) / 60_000) };
  };
  for (let i = 0; i < starts.length;) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1]! - starts[i]! < PROBE_MS) j++;
    const first = offsetAt(starts[i]!);
    const last = offsetAt(starts[j]!);
    // The last start still on the first offset: all of them unless the stretch holds a switch.
    let lo = i;
    if (first === last) lo = j;
    else {
      let hi = j;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (offsetAt(starts[mid]!) === first) lo = mid;
        else hi = mid;
      }
    }
    for (let k = i; k <= j; k++) label(k, k <= lo ? first : last);
    i = j + 1;
  }
  return out;
}

const UTC_DAYS = new Map<number, string>();
/** toISOString() of an instant on a whole minute, built from cached day and clock strings (cheaper per row). */
export function utcMinuteIso(t: number): string {
  const d = Math.floor(t / DAY_MS);
  let day = UTC_DAYS.get(d);
  if (day === undefined) UTC_DAYS.set(d, (day = new Date(d * DAY_MS).toISOString().slice(0, 10)));
  return `${day}T${clock((t - d * DAY_MS) / 60_000)}:00.000Z`;
}

/**
 * UTC bounds holding the days `input.from`..`input.to` in any zone (a day wider on each side: no
 * offset reaches 24 h), so a report reads its rows in the same round trip as the org's zone. A
 * malformed, inverted or too long range reads nothing: resolveRange then refuses it with its message.
 */
export function readWindow(input: { from: string; to: string }, maxDays: number): { from: Date; to: Date; fromDay: string; toDay: string } {
  const from = Date.parse(`${input.from}T00:00:00Z`);
  const to = Date.parse(`${input.to}T00:00:00Z`);
  const real = (t: number, day: string) => Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day;
  if (!real(from, input.from) || !real(to, input.to) || !(to >= from && to - from < maxDays * DAY_MS))
    return { from: new Date(0), to: new Date(0), fromDay: "1970-01-01", toDay: "1970-01-01" };
  return { from: new Date(from - DAY_MS), to: new Date(to + 2 * DAY_MS), fromDay: input.from, toDay: input.to };
}
