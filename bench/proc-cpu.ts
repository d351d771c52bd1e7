// CPU time of other processes, from /proc/<pid>/stat (in clock ticks of 10 ms on Linux): a bench reads it before and after a phase and divides by the lines it carried.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10;

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields are counted after its last ")".
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // utime + stime, plus cutime + cstime: children it has reaped (a backend that exited
    // mid-phase is counted by its postmaster).
    return { ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return null;
  }
}

/** Every process's CPU and its children, from one scan of /proc. */
function scanProcesses(): { parents: Map<number, number[]>; cpu: Map<number, number> } {
  const parents = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    cpu.set(Number(name), s.cpuMs);
    parents.set(s.ppid, [...(parents.get(s.ppid) ?? []), Number(name)]);
  }
  return { parents, cpu };
}

/** `pid` and all its descendants (e.g. a postmaster and its backends), by pid. */
export function treeCpuMs(pid: number): Map<number, number> {
  const { parents, cpu } = scanProcesses();
  const out = new Map<number, number>();
  const visit = (p: number) => {
    if (cpu.has(p)) out.set(p, cpu.get(p)!);
    for (const c of parents.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** CPU spent by a process tree between two readings (processes gone meanwhile are not counted). */
export function cpuSpentMs(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

/** This process's own CPU, in ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU of several process trees together, from one scan of /proc. */
export function treesCpuMs(roots: number[]): number {
  const { parents, cpu } = scanProcesses();
  let ms = 0;
  const seen = new Set<number>();
  const visit = (p: number) => {
    if (seen.has(p)) return;
    seen.add(p);
    ms += cpu.get(p) ?? 0;
    for (const c of parents.get(p) ?? []) visit(c);
  };
  for (const r of roots) visit(r);
  return ms;
}

/** The whole machine's CPU from /proc/stat, in ms summed over its cores: busy (not idle, not waiting on I/O) and stolen by the hypervisor. */
function machineCpuMs(): { busy: number; steal: number; iowait: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , iowait, irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: steal * TICK_MS, iowait: iowait * TICK_MS };
}

export type MachineSecond = { busyPct: number; oursPct: number; stealPct: number; iowaitPct: number };

/**
 * Samples, every `everyMs`, the machine's busy and stolen CPU and the CPU of our process trees (the
 * roots, their children, and this process), so that a slow second can be laid beside what the
 * machine did in it: our processes busy, other processes busy (busy minus ours), or the hypervisor
 * running something else (steal); and the idle time with disk I/O outstanding (iowait: cores idle
 * while, e.g., commits wait for their WAL flush). Percentages are of all cores.
 */
export function watchMachine(roots: () => number[], everyMs = 500) {
  const cores = (() => {
    const lines = readFileSync("/proc/stat", "utf8").split("\n");
    return Math.max(1, lines.filter((l) => /^cpu\d+ /.test(l)).length);
  })();
  const own = () => ownCpuMs() + treesCpuMs(roots());
  type Sample = { at: number; busy: number; steal: number; iowait: number; ours: number };
  const samples: Sample[] = [];
  const take = () => samples.push({ at: Date.now(), ...machineCpuMs(), ours: own() });
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    /** Per second from `startEpoch`: the samples that ended in that second, summed. */
    bySecond(startEpoch: number, seconds: number): MachineSecond[] {
      const out = Array.from({ length: seconds }, () => ({ wall: 0, busy: 0, steal: 0, iowait: 0, ours: 0 }));
      for (let i = 1; i < samples.length; i++) {
        const a = samples[i - 1]!;
        const b = samples[i]!;
        const k = Math.floor((b.at - startEpoch) / 1000);
        if (k < 0 || k >= seconds) continue;
        out[k]!.wall += (b.at - a.at) * cores;
        out[k]!.busy += b.busy - a.busy;
        out[k]!.steal += b.steal - a.steal;
        out[k]!.iowait += b.iowait - a.iowait;
        out[k]!.ours += b.ours - a.ours;
      }
      const pct = (x: number, w: number) => (w > 0 ? Math.round((100 * x) / w) : 0);
      return out.map((o) => ({
        busyPct: pct(o.busy, o.wall),
        oursPct: pct(o.ours, o.wall),
        stealPct: pct(o.steal, o.wall),
        iowaitPct: pct(o.iowait, o.wall),
      }));
    },
  };
}
