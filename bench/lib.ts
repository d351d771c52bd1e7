// Shared by benchmarks: a throwaway embedded PostgreSQL with migrations applied, and a timer.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "../scripts/lib/migrations";
import { ensureDatabase, findFreePort, initCluster, startPostgres, withDatabase } from "../scripts/lib/postgres";

export async function throwawayDatabase(opts: { settings?: Record<string, string>; onLog?: (line: string) => void } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "isession-bench-"));
  chmodSync(tmp, 0o755);
  initCluster(path.join(tmp, "data"), "bench");
  const server = await startPostgres({
    dir: path.join(tmp, "data"),
    port: await findFreePort(17100),
    password: "bench",
    settings: opts.settings,
    onLog: opts.onLog,
  });
  await ensureDatabase(server.serverUrl, "bench");
  const url = withDatabase(server.serverUrl, "bench");
  await applyMigrations(url);
  return {
    url,
    /** The postmaster's pid: its children are the cluster's backends (CPU accounting). */
    pid: server.child.pid!,
    async close() {
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Server settings that make PostgreSQL log what can stall a bench's second (statements over 60 ms,
 * checkpoints, autovacuum, lock waits over 50 ms), each line with its time; pass them to
 * throwawayDatabase and print its log lines (`postgresLogLine`) beside the slow seconds.
 */
export const POSTGRES_LOG_SETTINGS: Record<string, string> = {
  log_min_duration_statement: "60",
  log_checkpoints: "on",
  log_autovacuum_min_duration: "0",
  log_line_prefix: "'%m [%p] '",
  log_lock_waits: "on",
  deadlock_timeout: "50ms",
};

/** The log line as a bench prints it, or null for what those settings do not ask for. */
export const postgresLogLine = (line: string): string | null => (/LOG:/.test(line) ? `  [postgres] ${line.slice(0, 200)}` : null);

/** Median time per call in microseconds over `rounds` rounds of `n` sequential calls, after a warm-up. */
export async function measure(fn: () => Promise<unknown>, n = 200, rounds = 5): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    perCall.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)]!;
}
