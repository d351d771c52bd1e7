// Where the scripts find their database: DATABASE_URL when set, otherwise the embedded cluster in
// DATA_DIR/pg — reused if `npm start` already runs it, started for the duration of the command if not.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadOrCreateSecrets, type Env } from "../../server/env";
import { ensureDatabase, findFreePort, initCluster, startPostgres, withDatabase, type RunningPostgres } from "./postgres";

export const EMBEDDED_DB_NAME = "isession";

export type DatabaseHandle = {
  /** The app's database. */
  url: string;
  /** Same server, maintenance database: for CREATE/DROP DATABASE. */
  serverUrl: string;
  /** Set when this process started embedded PostgreSQL and must stop it. */
  embedded: RunningPostgres | null;
  release(): Promise<void>;
};

/** The port of a cluster that is already running on `dir`, read from its postmaster.pid. */
function runningClusterPort(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // stale file from a crash; postgres cleans it up on start
  }
}

export async function openDatabase(env: Env, log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, serverUrl: withDatabase(env.DATABASE_URL, "postgres"), embedded: null, release: async () => {} };
  }
  const dir = path.resolve(env.DATA_DIR, "pg");
  const { EMBEDDED_PG_PASSWORD: password } = loadOrCreateSecrets(env.DATA_DIR);
  const runningPort = runningClusterPort(dir);
  if (runningPort) {
    const serverUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${runningPort}/`;
    return {
      url: withDatabase(serverUrl, EMBEDDED_DB_NAME),
      serverUrl: withDatabase(serverUrl, "postgres"),
      embedded: null,
      release: async () => {},
    };
  }
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) log(`creating embedded PostgreSQL cluster in ${path.relative(process.cwd(), dir) || dir}`);
  initCluster(dir, password);
  const port = await findFreePort(env.EMBEDDED_PG_PORT);
  const embedded = await startPostgres({ dir, port, password, onLog: (l) => env.LOG_LEVEL === "debug" && log(`postgres: ${l}`) });
  await ensureDatabase(embedded.serverUrl, EMBEDDED_DB_NAME);
  return {
    url: withDatabase(embedded.serverUrl, EMBEDDED_DB_NAME),
    serverUrl: withDatabase(embedded.serverUrl, "postgres"),
    embedded,
    release: () => embedded.stop(),
  };
}
