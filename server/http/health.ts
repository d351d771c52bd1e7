// Liveness and readiness for the web and worker processes (docs/processes.md). /healthz says the
// process runs and touches nothing else, so a slow database never gets a live process restarted;
// /readyz says it should be sent work: PostgreSQL answers and the process is not draining.
import "server-only";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** A reason the process is not ready, or null when it is. */
export type ReadinessCheck = () => Promise<string | null>;

export const READY_DB_TIMEOUT_MS = 2_000;

/** Null when `SELECT 1` answers within `timeoutMs`, else the one-line reason. */
export async function databaseAnswers(query: () => Promise<unknown>, timeoutMs = READY_DB_TIMEOUT_MS): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`database did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      query().then(
        () => null,
        (e: unknown) => {
          // The driver's message can name internal hosts: it goes to the log, not to whoever asks.
          console.warn(`[health] database unreachable: ${oneLine(e)}`);
          return "database unreachable";
        },
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A driver error as one short line (an AggregateError of refused connections has no message). */
function oneLine(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: unknown; name?: string };
  const first = (err.message ?? "")
    .split("\n")
    .find((l) => l.trim())
    ?.trim();
  if (first) return first.slice(0, 200);
  if (err.code) return err.code;
  if (err.cause) return oneLine(err.cause);
  return err.name ?? "connection failed";
}

/** Answers /healthz and /readyz; false (nothing written) for any other path. */
export function serveHealth(req: IncomingMessage, res: ServerResponse, ready: ReadinessCheck): boolean {
  const path = (req.url ?? "/").split("?")[0];
  if (path !== "/healthz" && path !== "/readyz") return false;
  const answer = (status: number, text: string) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(`${text}\n`);
  };
  if (path === "/healthz") {
    answer(200, "ok");
    return true;
  }
  ready().then(
    (reason) => answer(reason === null ? 200 : 503, reason ?? "ready"),
    (e: unknown) => {
      console.warn(`[health] readiness check failed: ${(e as Error).message}`);
      answer(503, "readiness check failed");
    },
  );
  return true;
}

/** A server that answers only /healthz and /readyz (the worker's WORKER_HEALTH_PORT). */
export function startHealthServer(port: number, host: string, ready: ReadinessCheck): Promise<Server> {
  const server = createServer((req, res) => {
    if (!serveHealth(req, res, ready)) res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
