import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Three layers (docs/testing.md): unit = pure functions; integration = domain functions and routers
// on a real PostgreSQL (one database per test file); e2e = the real `npm start` driven by Chromium.
const testEnv: Record<string, string> = {
  // Fixed, non-secret values so tests never write DATA_DIR/secrets.json.
  NEXTAUTH_SECRET: "test-only-nextauth-secret-0123456789abcdef",
  PUSHER_SECRET: "test-only-pusher-secret-0123",
  // Tests run dispatch rounds themselves (the worker is not running): arrivals only send the job.
  ROUTING_DISPATCH: "worker",
};

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests import server modules outside Next, where `server-only` would throw (docs/contributing.md).
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    env: testEnv,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/helpers/db-global-setup.ts"],
          setupFiles: ["tests/helpers/db-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "relay",
          include: ["tests/relay/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/app-global-setup.ts"],
          setupFiles: ["tests/e2e/worker-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A poll waits on a server round trip or a realtime message: 1 s (Vitest's default) is
          // missed on a loaded machine, so it gets the same order of patience as the tests' waits.
          expect: { poll: { timeout: 10_000 } },
          // One app for all files; each file serves visitors in an org of its own (tests/e2e/tenant.ts),
          // so files may run at once: E2E_WORKERS at a time, by default one per core. Measured on the
          // 2-core CI machine with the headless shell (tests/e2e/browser.ts): one at a time 467 s,
          // two 347 s, three 383 s (docs/testing.md). With the full Chromium two at once gained
          // little (560 s against 527-612 s): its own browser and GPU processes filled the cores.
          fileParallelism: true,
          // Files share their worker's process, module cache and Chromium (tests/e2e/browser.ts) instead
          // of starting a fresh process, importing the server's modules and launching a browser each:
          // the suite's time between files (docs/testing.md). A file keeps to its own org, contexts and
          // pages, which is the isolation that counts here.
          isolate: false,
          maxWorkers: Number(process.env.E2E_WORKERS) || availableParallelism(),
          // Vitest runs projects with their own worker count as a group of their own: e2e after the
          // other layers, so its files do not share the cores with integration's databases.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
