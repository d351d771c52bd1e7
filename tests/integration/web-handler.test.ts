// Our web server's request handling (server/http/web-handler.ts) on real sockets, with a stand-in
// for Next's handler that reports what it received. The running service (tests/e2e/hardening.test.ts)
// covers the same behaviour end to end.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies } from "../../server/http/client-address";
import { createWebHandler } from "../../server/http/web-handler";
import { seedOrg } from "../helpers/factories";

type Seen = { headers: IncomingHttpHeaders; body: string };
let server: Server | undefined;

async function start(trustedProxies: string, publicUrl = "http://localhost:3000"): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const handler = createWebHandler({
    trusted: parseTrustedProxies(trustedProxies),
    dev: false,
    publicUrl,
    realtimeFor: (host) => ({
      cluster: "local",
      wsHost: host?.replace(/:\d+$/, "") ?? "localhost",
      wsPort: 6001,
      wssPort: 6001,
      forceTLS: false,
    }),
    handle: async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ headers: { ...req.headers }, body: Buffer.concat(chunks).toString() });
      res.end("next");
    },
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const forged = {
  "x-forwarded-for": "203.0.113.9",
  "x-real-ip": "203.0.113.10",
  "x-forwarded-proto": "https",
  [CLIENT_ADDRESS_HEADER]: "203.0.113.11",
};

describe("the web server in front of Next", () => {
  it("without TRUSTED_PROXIES, hands Next the socket's address and drops the forwarding headers a client sent", async () => {
    const { url, seen } = await start("");
    const res = await fetch(`${url}/sign-in`, { headers: forged });
    expect(res.status).toBe(200);
    expect(seen[0]!.headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    for (const h of ["x-forwarded-for", "x-real-ip"]) expect(seen[0]!.headers[h]).toBeUndefined();
    // Over plain http, whatever the client claims: no HSTS, and Next is told http.
    expect(seen[0]!.headers["x-forwarded-proto"]).toBe("http");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("behind a TLS proxy not in TRUSTED_PROXIES, tells Next the scheme of NEXTAUTH_URL, not the socket's", async () => {
    const { url, seen } = await start("", "https://app.example");
    const res = await fetch(`${url}/l/demo`, { headers: { "x-forwarded-proto": "http" } });
    // Next would refill a dropped X-Forwarded-Proto from the plain socket: visitor cookies would
    // lose Secure and tRPC would judge its own https origin foreign.
    expect(seen[0]!.headers["x-forwarded-proto"]).toBe("https");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("with the peer in TRUSTED_PROXIES, takes the client from X-Forwarded-For and HTTPS from X-Forwarded-Proto", async () => {
    const { url, seen } = await start("127.0.0.0/8");
    const res = await fetch(`${url}/sign-in`, { headers: { ...forged, "x-forwarded-for": "1.1.1.1, 203.0.113.9" } });
    expect(seen[0]!.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("answers 400 to a path with a NUL or percent-encoding that is not UTF-8, before Next sees it", async () => {
    const { url, seen } = await start("");
    for (const path of ["/s/%00", "/s/a%00b/replay", "/s/%ED%A0%80", "/l/%C0%80", "/invite/%FF"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    expect(seen).toHaveLength(0);
    // Ordinary encoded paths still reach Next.
    expect((await fetch(`${url}/l/demo%20shop/wait/x%2Fy`)).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("gives Next the CSP with this response's nonce, a fresh one per request", async () => {
    const { url, seen } = await start("");
    const first = await fetch(`${url}/agent`, { headers: { "content-security-policy": "script-src 'nonce-chosen'" } });
    const second = await fetch(`${url}/agent`);
    expect(seen[0]!.headers["content-security-policy"]).toBe(first.headers.get("content-security-policy"));
    expect(first.headers.get("content-security-policy")).not.toContain("chosen");
    expect(first.headers.get("content-security-policy")).not.toBe(second.headers.get("content-security-policy"));
  });

  it("passes a good action post's body to Next unchanged and refuses bad ones before Next sees them", async () => {
    const { url, seen } = await start("");
    const boundary = "xyz";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="$ACTION_1:1"\r\n\r\n["demo"]\r\n--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const type = `multipart/form-data; boundary=${boundary}`;
    const post = (b: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/l/demo`, { method: "POST", headers: { "content-type": type, ...headers }, body: b });
    expect((await post(body)).status).toBe(200);
    expect(seen[0]!.body).toBe(body);
    expect((await post(body, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(body.slice(0, -10))).status).toBe(400);
    expect((await post(body.replace('["demo"]', "demo"))).status).toBe(400);
    expect((await post("x".repeat(1024 * 1024 + 1))).status).toBe(413);
    expect(seen).toHaveLength(1);
  });
});

describe("tRPC mutations from another site", () => {
  it("are FORBIDDEN; queries and our own mutations go through", async () => {
    const { org, agents } = await seedOrg();
    const user = { id: agents[0]!.user.id, email: agents[0]!.user.email, name: null };
    const foreign = createCaller(createContext({ user, foreignOrigin: true }));
    await expect(foreign.me()).resolves.toMatchObject({ id: user.id });
    const refused = await foreign.agent.setStatus({ orgId: org.id, status: "available" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    const own = createCaller(createContext({ user }));
    await expect(own.agent.setStatus({ orgId: org.id, status: "available" })).resolves.toMatchObject({ status: "available" });
  });
});
