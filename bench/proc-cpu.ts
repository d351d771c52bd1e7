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

/** `pid` and all its descendants (e.g. a postmaster and its backends), by pid. */
export function treeCpuMs(pid: number): Map<number, number> {
  const parents = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    cpu.set(Number(name), s.cpuMs);
    parents.set(s.ppid, [...(parents.get(s.ppid) ?? []), Number(name)]);
  }
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
