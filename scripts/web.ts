// The web process: Next.js behind a small Node HTTP server of ours (Next's documented custom
// server), so that every request passes server/http/web-handler.ts first: the client's address
// from the socket (TRUSTED_PROXIES), security headers with a CSP nonce, and 4xx for malformed
// server-action posts. scripts/start.ts runs it; `--dev` runs Next in development mode.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { getEnv } from "../server/env";
import { parseTrustedProxies } from "../server/http/client-address";
import { createWebHandler } from "../server/http/web-handler";
import { clientRealtimeConfig } from "../server/realtime/config";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

async function main() {
  const env = getEnv();
  const httpServer = createServer();
  const app = next({ dev, dir: ROOT, port: env.PORT, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  // /api/trpc without Next's route machinery in production (server/http/trpc-handler.ts); loaded
  // once Next has set up its runtime, which next-auth's module needs.
  const trpc = dev ? null : await import("../server/http/trpc-handler");
  const handleRequest = createWebHandler({
    handle: (req, res) => (trpc?.isTrpcRequest(req) ? trpc.handleTrpc(req, res) : handle(req, res)),
    trusted: parseTrustedProxies(env.TRUSTED_PROXIES),
    dev,
    publicUrl: env.NEXTAUTH_URL,
    realtimeFor: (host) => clientRealtimeConfig(host),
  });
  httpServer.on("request", (req, res) => {
    handleRequest(req, res).catch((e: unknown) => {
      console.error("request failed:", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  httpServer.listen(env.PORT, () => console.log(`ready on port ${env.PORT} (${dev ? "development" : "production"})`));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
