// Integration tests get a real PostgreSQL: embedded (a throwaway cluster per run) unless
// TEST_DATABASE_URL names a server to use. Migrations are applied once to a template database;
// each test file then gets its own copy (CREATE DATABASE ... TEMPLATE), which takes ~100 ms.
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startRelay } from "../../relay/server";
import { applyMigrations } from "../../scripts/lib/migrations";
import {
  dropDatabase,
  ensureDatabase,
  findFreePort,
  initCluster,
  startPostgres,
  withDatabase,
  type RunningPostgres,
} from "../../scripts/lib/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    dbServerUrl: string;
    templateDb: string;
    /** Port of a real relay (our Pusher-protocol server) the server code publishes to. */
    relayPort: number;
  }
}

/** Must match the test env in vitest.config.ts (PUSHER_KEY/PUSHER_SECRET defaults and values). */
export const TEST_RELAY_APP = { id: "isession", key: "isession-key", secret: "test-only-pusher-secret-0123" };

export default async function setup(project: TestProject) {
  let pgServer: RunningPostgres | undefined;
  let tmpDir: string | undefined;
  let serverUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = withDatabase(process.env.TEST_DATABASE_URL, "postgres");
  } else {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), "isession-test-pg-"));
    chmodSync(tmpDir, 0o755); // the postgres OS user must reach its data directory
    const dir = path.join(tmpDir, "data");
    initCluster(dir, "test-password");
    pgServer = await startPostgres({ dir, port: await findFreePort(15432), password: "test-password" });
    serverUrl = withDatabase(pgServer.serverUrl, "postgres");
  }
  const templateDb = `isession_tpl_${process.pid}`;
  await dropDatabase(serverUrl, templateDb);
  await ensureDatabase(serverUrl, templateDb);
  await applyMigrations(withDatabase(serverUrl, templateDb));
  project.provide("dbServerUrl", serverUrl);
  project.provide("templateDb", templateDb);
  const relay = await startRelay({ host: "127.0.0.1", port: 0, apps: [TEST_RELAY_APP], log: () => {} });
  project.provide("relayPort", relay.port);

  return async () => {
    await relay.close();
    await dropDatabase(serverUrl, templateDb).catch(() => undefined);
    await pgServer?.stop();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };
}
