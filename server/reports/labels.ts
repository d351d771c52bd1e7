// Wall-clock labels of 15-minute interval starts in an org's zone, for the interval reports (queue,
// staffing): hundreds to thousands of instants per page, so Intl is asked as little as possible.
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
  for (let i = 0; i < starts.length; ) {
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
