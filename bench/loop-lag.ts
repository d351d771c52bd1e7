// How late a process's event loop ran, per wall-clock second: a timer due every 10 ms records how
// much later than due it fired, and the worst of each second is appended to BENCH_LAG_FILE as
// "<name> <epoch second> <worst ms>". Loaded into a bench's processes with `--import` (and called
// in the bench's own), so a second in which lines were slow can be laid beside the process that
// stalled in it, if any (bench/chat.bench.ts). A stall of none of them points at PostgreSQL or the machine.
import { appendFileSync, readFileSync } from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";

export function watchLoopLag(name: string, file: string | undefined = process.env.BENCH_LAG_FILE): void {
  if (!file) return;
  const TICK_MS = 10;
  let due = performance.now() + TICK_MS;
  let second = Math.floor(Date.now() / 1000);
  let worst = 0;
  // The longest garbage collection of the second (a pause is most of a long lag when it is one).
  let gc = 0;
  let gcKind = "";
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= gc) continue;
      gc = e.duration;
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      gcKind = kind === constants.NODE_PERFORMANCE_GC_MAJOR ? "major" : kind === constants.NODE_PERFORMANCE_GC_MINOR ? "minor" : "other";
    }
  }).observe({ entryTypes: ["gc"] });
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - due);
    due = now + TICK_MS;
    const s = Math.floor(Date.now() / 1000);
    if (s !== second) {
      appendFileSync(file, `${name} ${second} ${worst.toFixed(1)} ${gc.toFixed(1)} ${gcKind || "-"}\n`);
      second = s;
      worst = 0;
      gc = 0;
      gcKind = "";
    }
  }, TICK_MS);
  timer.unref();
}

type SecondLag = { lag: number; gc: number; gcKind: string };

/** Per process name, the worst lag and collection of each epoch second, from BENCH_LAG_FILE. */
function readLoopLag(text: string): Map<string, Map<number, SecondLag>> {
  const byName = new Map<string, Map<number, SecondLag>>();
  for (const line of text.split("\n")) {
    const [name, sec, ms, gc, gcKind] = line.split(" ");
    if (!name || !sec || !ms) continue;
    const m = byName.get(name) ?? new Map<number, SecondLag>();
    m.set(Number(sec), { lag: Number(ms), gc: Number(gc ?? 0), gcKind: gcKind ?? "-" });
    byName.set(name, m);
  }
  return byName;
}

/**
 * For each process in `file` (named without its pid), the worst lag of each of `seconds` seconds
 * from `startEpoch` (ms), with the longest collection where it was over 20 ms: "12 40(gc 43 minor) …".
 * A phase's second overlaps two epoch seconds; the worse of the two is shown.
 */
export function lagBySecond(file: string, startEpoch: number, seconds: number): { name: string; worst: string }[] {
  return [...readLoopLag(readFileSync(file, "utf8"))].map(([name, bySec]) => ({
    name: name.split(":")[0]!,
    worst: Array.from({ length: seconds }, (_, k) => {
      const from = Math.floor((startEpoch + k * 1000) / 1000);
      const a = bySec.get(from);
      const b = bySec.get(from + 1);
      const lag = Math.max(a?.lag ?? 0, b?.lag ?? 0);
      const gc = (a?.gc ?? 0) >= (b?.gc ?? 0) ? a : b;
      return lag.toFixed(0) + (gc && gc.gc > 20 ? `(gc ${gc.gc.toFixed(0)} ${gc.gcKind})` : "");
    }).join(" "),
  }));
}

// With `--import`: the process watches itself under BENCH_LAG_NAME.
if (process.env.BENCH_LAG_NAME) watchLoopLag(`${process.env.BENCH_LAG_NAME}:${process.pid}`);
