// How late a process's event loop ran, per wall-clock second: a timer due every 10 ms records how
// much later than due it fired, and the worst of each second is appended to BENCH_LAG_FILE as
// "<name> <epoch second> <worst ms>". Loaded into a bench's processes with `--import` (and called
// in the bench's own), so a second in which lines were slow can be laid beside the process that
// stalled in it, if any (bench/chat.bench.ts). A stall of none of them points at PostgreSQL or the machine.
import { appendFileSync } from "node:fs";
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

export type SecondLag = { lag: number; gc: number; gcKind: string };

/** Per process name, the worst lag and collection of each epoch second, from BENCH_LAG_FILE. */
export function readLoopLag(text: string): Map<string, Map<number, SecondLag>> {
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

/** The worse of two seconds' figures (a phase's second overlaps two epoch seconds). */
export function worseLag(a: SecondLag | undefined, b: SecondLag | undefined): SecondLag {
  const none = { lag: 0, gc: 0, gcKind: "-" };
  const x = a ?? none;
  const y = b ?? none;
  return { lag: Math.max(x.lag, y.lag), ...(x.gc >= y.gc ? { gc: x.gc, gcKind: x.gcKind } : { gc: y.gc, gcKind: y.gcKind }) };
}

// With `--import`: the process watches itself under BENCH_LAG_NAME.
if (process.env.BENCH_LAG_NAME) watchLoopLag(`${process.env.BENCH_LAG_NAME}:${process.pid}`);
