// The e2e tests drive the real service: this starts `npm start`'s script on a free port with a fresh
// embedded database in a temporary DATA_DIR (its own build folder, .next-e2e, is reused while current),
// and stops it with SIGINT afterwards, as a person would with Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { EMBEDDED_DB_NAME } from "../../scripts/lib/database";
import { findFreePort, withDatabase } from "../../scripts/lib/postgres";
import { loadOrCreateSecrets } from "../../server/env";
import { CHROMIUM_PATH } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the running app, or "" when e2e tests are skipped. */
    appUrl: string;
    /** The app's database (embedded PostgreSQL), for checks the UI can't show, e.g. the email outbox. */
    appDatabaseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 8 * 60_000; // includes a first production build on 2 cores

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(
      `\n[e2e] SKIPPED: Chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium chromium-headless-shell\` (.ci/run does).\n`,
    );
    project.provide("appUrl", "");
    project.provide("appDatabaseUrl", "");
    return;
  }
  console.log(`[e2e] browser: ${CHROMIUM_PATH}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "isession-e2e-"));
  chmodSync(dataDir, 0o755);
  // A random start in each range: two runs on one machine (several worktrees) would otherwise both
  // find the same free port and race to bind it. Below 32768, clear of the ephemeral range.
  const spread = Math.floor(Math.random() * 90) * 10;
  const port = await findFreePort(13100 + spread);
  const pgPort = await findFreePort(16100 + spread);
  const appUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NEXTAUTH_URL: appUrl,
    NEXT_DIST_DIR: ".next-e2e",
    EMBEDDED_PG_PORT: String(pgPort),
    RELAY_PORT: String(await findFreePort(17100 + spread)),
    // The e2e leads to pages served on loopback; the framing probe may ask them.
    FRAME_PROBE_ALLOW_HOSTS: "127.0.0.1,localhost",
    // The webhooks e2e's receiver listens on loopback.
    WEBHOOK_ALLOW_PRIVATE_HOSTS: "127.0.0.1,localhost",
    DATABASE_URL: "",
    NEXTAUTH_SECRET: "",
    PUSHER_SECRET: "",
    NODE_ENV: "production",
  };
  // node --import tsx (not the tsx CLI, which sits in between): our SIGINT reaches the supervisor itself.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("iSession is running")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with code ${code} during start-up:\n${output.slice(-4000)}`));
    });
  });
  await started;
  project.provide("appUrl", appUrl);
  const { EMBEDDED_PG_PASSWORD } = loadOrCreateSecrets(dataDir);
  project.provide(
    "appDatabaseUrl",
    withDatabase(`postgresql://postgres:${encodeURIComponent(EMBEDDED_PG_PASSWORD)}@127.0.0.1:${pgPort}/`, EMBEDDED_DB_NAME),
  );

  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const killer = setTimeout(() => {
        console.warn("[e2e] the app did not stop within 30 s of SIGINT; killing it");
        child.kill("SIGKILL");
      }, 30_000);
      child.kill("SIGINT");
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
