// /api/trpc served by our own server (server/http/trpc-handler.ts) behind web-handler.ts, on a real
// socket, as scripts/web.ts wires it in production: a chat line over HTTP from the visitor's
// signed cookie, the security headers, the own-origin check and the rate limit's typed answer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveResponse } from "@trpc/server/http";
import { afterEach, describe, expect, it } from "vitest";
import { appRouter } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { LINE_LIMIT } from "../../server/chat/line-limit";
import { db } from "../../server/db";
import { parseTrustedProxies } from "../../server/http/client-address";
import { handleTrpc, isTrpcRequest } from "../../server/http/trpc-handler";
import { createWebHandler } from "../../server/http/web-handler";
import { signVisitorCookie, VISITOR_COOKIE } from "../../server/visitors/cookie";
import { createLiveSession, seedOrg } from "../helpers/factories";

let server: Server | undefined;

async function start(): Promise<string> {
  const handler = createWebHandler({
    trusted: parseTrustedProxies(""),
    dev: false,
    publicUrl: "http://localhost:3000",
    realtimeFor: () => ({ cluster: "local", wsHost: "localhost", wsPort: 6001, wssPort: 6001, forceTLS: false }),
    handle: (req, res) => (isTrpcRequest(req) ? handleTrpc(req, res) : Promise.resolve(void res.end("next"))),
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

let n = 0;
const cid = () => `trpc-handler-${(n++).toString().padStart(6, "0")}`;

describe("/api/trpc on our own server", () => {
  it("stores a visitor's line, answers with it and our security headers, refuses a foreign origin and a flood with typed errors", async () => {
    const s = await seedOrg();
    const cookieId = "trpc-handler-cookie-0001";
    const live = await createLiveSession(s, { visitorCookieId: cookieId });
    const url = await start();
    const send = (text: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/trpc/sessions.send`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `${VISITOR_COOKIE}=${signVisitorCookie(cookieId)}`, ...headers },
        body: JSON.stringify({ json: { sessionId: live.session.id, text, clientEventId: cid() } }),
      });

    const ok = await send("hello over http");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { result: { data: { json: { actorParticipantId: string; payload: { text: string } } } } };
    expect(body.result.data.json).toMatchObject({ actorParticipantId: live.visitorSeat.id, payload: { text: "hello over http" } });
    // An API answer: the page rules for framing and sniffing, no nonce (it admits no script).
    expect(ok.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(ok.headers.get("x-frame-options")).toBe("DENY");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ok.headers.get("cache-control")).toBe("no-store");

    const foreign = await send("from elsewhere", { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);

    for (let i = 1; i < LINE_LIMIT.points; i++) expect((await send(`line ${i}`)).status).toBe(200);
    const flood = await send("one too many");
    expect(flood.status).toBe(429);
    expect(((await flood.json()) as { error: { json: { message: string } } }).error.json.message).toBe(
      "You are sending messages too fast; wait a moment.",
    );
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(LINE_LIMIT.points);
  });

  it("refuses a seat's further lines in a refused window before reading them, with the limiter's own answer, and no other seat's", async () => {
    const s = await seedOrg();
    const cookieId = "trpc-handler-cookie-0003";
    const live = await createLiveSession(s, { visitorCookieId: cookieId });
    // The same visitor seated in a second session of the org (a second tab's conversation).
    const other = await db.session.create({
      data: { orgId: s.org.id, scenarioId: live.session.scenarioId, kind: "ONE_ON_ONE", launcherId: s.launcher.id },
    });
    await db.participant.create({
      data: { orgId: s.org.id, sessionId: other.id, role: "VISITOR", visitorId: live.visitorSeat.visitorId, displayName: "Visitor" },
    });
    const url = await start();
    const cookie = `${VISITOR_COOKIE}=${signVisitorCookie(cookieId)}`;
    const call = (sessionId: string, text: string) => ({ json: { sessionId, text, clientEventId: cid() } });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, ...headers },
        body: JSON.stringify(body),
      });

    for (let i = 0; i < LINE_LIMIT.points; i++) expect((await post("sessions.send", call(live.session.id, `line ${i}`))).status).toBe(200);
    // The limiter's refusal, then the same answer for the next line, which is known refused.
    const byLimiter = await post("sessions.send", call(live.session.id, "one too many"));
    const known = await post("sessions.send", call(live.session.id, "and another"));
    expect(byLimiter.status).toBe(429);
    expect(known.status).toBe(429);
    expect(await known.json()).toEqual(await byLimiter.json());
    // Known refused before its input is parsed: a line without its id, which the procedure's input
    // refuses as BAD_REQUEST, is refused as too fast (the whole way, it would be 400).
    const unnamed = await post("sessions.send", { json: { sessionId: live.session.id, text: "no id" } });
    expect(unnamed.status).toBe(429);
    // A batch of one (httpBatchLink's shape) likewise, in tRPC's batch answer.
    const batched = await post("sessions.send?batch=1", { 0: call(live.session.id, "batched") });
    expect(batched.status).toBe(429);
    expect(((await batched.json()) as { error: { json: { data: { appCode: string } } } }[])[0]!.error.json.data.appCode).toBe(
      "TOO_MANY_REQUESTS",
    );
    // Still judged first: a foreign origin is forbidden, not "too fast".
    expect((await post("sessions.send", call(live.session.id, "from elsewhere"), { origin: "https://evil.example" })).status).toBe(403);
    // The same visitor's seat in another session has its own allowance.
    expect((await post("sessions.send", call(other.id, "in the other tab"), {})).status).toBe(200);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(LINE_LIMIT.points);

    // The window over, the seat's lines are stored again, and a bad one is judged as bad.
    await new Promise((r) => setTimeout(r, LINE_LIMIT.durationSec * 1000 + 100));
    expect((await post("sessions.send", { json: { sessionId: live.session.id, text: "no id" } })).status).toBe(400);
    expect((await post("sessions.send", call(live.session.id, "after the window"))).status).toBe(200);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(LINE_LIMIT.points + 1);
  });

  it("answers a whole JSON body with its length, a query by GET, and 413 with tRPC's error for a body over 1 MB", async () => {
    const s = await seedOrg();
    const cookieId = "trpc-handler-cookie-0002";
    const live = await createLiveSession(s, { visitorCookieId: cookieId });
    const url = await start();
    const cookie = `${VISITOR_COOKIE}=${signVisitorCookie(cookieId)}`;
    const line = JSON.stringify({ json: { sessionId: live.session.id, text: "measured", clientEventId: cid() } });
    const ok = await fetch(`${url}/api/trpc/sessions.send`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: line,
    });
    const text = await ok.text();
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(ok.headers.get("transfer-encoding")).toBeNull();

    const query = await fetch(
      `${url}/api/trpc/sessions.view?input=${encodeURIComponent(JSON.stringify({ json: { sessionId: live.session.id } }))}`,
      { headers: { cookie } },
    );
    expect(query.status).toBe(200);

    const big = JSON.stringify({ json: { sessionId: live.session.id, text: "x".repeat(1024 * 1024), clientEventId: cid() } });
    const tooLarge = await fetch(`${url}/api/trpc/sessions.send`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(1);
  });

  it("answers a lone chat line by its own way exactly as tRPC's resolveResponse answers it, success and errors, batched or not", async () => {
    const s = await seedOrg();
    const cookieId = "trpc-handler-cookie-0004";
    const live = await createLiveSession(s, { visitorCookieId: cookieId });
    const stranger = await createLiveSession(s, { visitorCookieId: "trpc-handler-cookie-0005" });
    const url = await start();
    const headers = { "content-type": "application/json", cookie: `${VISITOR_COOKIE}=${signVisitorCookie(cookieId)}` };
    // What tRPC's own handler answers for the same request and the same caller.
    const byTrpc = async (path: string, body: string) => {
      // The URL carries `?batch=1`; the path is the procedure's.
      const procedure = path.split("?")[0]!;
      const response = await resolveResponse({
        router: appRouter,
        req: new Request(`${url}/api/trpc/${path}`, { method: "POST", headers, body }),
        path: procedure,
        createContext: () => Promise.resolve(createContext({ user: null, visitorCookieId: cookieId, ip: "127.0.0.1" })),
        error: null,
      });
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        vary: response.headers.get("vary"),
        body: await response.text(),
      };
    };
    const byUs = async (path: string, body: string) => {
      const response = await fetch(`${url}/api/trpc/${path}`, { method: "POST", headers, body });
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        vary: response.headers.get("vary"),
        body: await response.text(),
      };
    };
    const line = (sessionId: string, text: string, clientEventId?: string) => JSON.stringify({ json: { sessionId, text, clientEventId } });

    // A stored line: tRPC answers a retry (the same clientEventId) with the stored copy, so both
    // answers describe the same event and must be the same bytes.
    const id = cid();
    const ours = await byUs("sessions.send", line(live.session.id, "the same line", id));
    expect(ours.status).toBe(200);
    expect(ours).toEqual(await byTrpc("sessions.send", line(live.session.id, "the same line", id)));
    const batchId = cid();
    const batched = JSON.stringify({ 0: JSON.parse(line(live.session.id, "a batch of one", batchId)) as unknown });
    const oursBatched = await byUs("sessions.send?batch=1", batched);
    expect(oursBatched.status).toBe(200);
    expect(JSON.parse(oursBatched.body)).toHaveLength(1);
    expect(oursBatched).toEqual(await byTrpc("sessions.send?batch=1", batched));

    // Errors are tRPC's own shapes and statuses: the domain's (an empty line), the input's (no id,
    // with zod's flattened issues) and the seat's (a session the caller is not in).
    for (const body of [
      line(live.session.id, "   ", cid()),
      line(live.session.id, "no id"),
      line(stranger.session.id, "not my session", cid()),
    ]) {
      const mine = await byUs("sessions.send", body);
      expect([400, 404]).toContain(mine.status);
      expect(mine).toEqual(await byTrpc("sessions.send", body));
    }
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(2);
    expect(await db.sessionEvent.count({ where: { sessionId: stranger.session.id, type: "chat" } })).toBe(0);

    // The rate limit's refusals: the limiter's own (the line past the allowance), then the known one
    // (the seat already refused in this window), each as tRPC answers a line the limiter refuses.
    // (What is left of the allowance: the retries and the empty line above were counted too.)
    let limited = await byUs("sessions.send", line(live.session.id, "line", cid()));
    for (let i = 0; limited.status === 200 && i < LINE_LIMIT.points; i++)
      limited = await byUs("sessions.send", line(live.session.id, `line ${i}`, cid()));
    expect(limited.status).toBe(429);
    const refusedByTrpc = await byTrpc("sessions.send", line(live.session.id, "by tRPC", cid()));
    expect(refusedByTrpc.status).toBe(429);
    expect(limited).toEqual(refusedByTrpc);
    expect(await byUs("sessions.send", line(live.session.id, "known refused", cid()))).toEqual(refusedByTrpc);
    const batchRefused = JSON.stringify({ 0: JSON.parse(line(live.session.id, "batched, refused", cid())) as unknown });
    expect(await byUs("sessions.send?batch=1", batchRefused)).toEqual(await byTrpc("sessions.send?batch=1", batchRefused));
  });
});
