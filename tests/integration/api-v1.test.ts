// Issue 16, part 1: the public REST API. Requests go through the real route modules of
// app/api/v1 (the same exports Next calls) with real keys made by the dashboard's tRPC procedures, on
// a real database: key scopes and revocation, last-used time, the rate limit's headers and 429, one
// org's key never reading another's data on every endpoint, refused input that changes nothing, and
// the OpenAPI document listing every route.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read field by field in assertions */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "../../app/api/v1/[...path]/route";
import * as launchersRoute from "../../app/api/v1/launchers/route";
import * as openapiRoute from "../../app/api/v1/openapi.json/route";
import * as queueRoute from "../../app/api/v1/queue/route";
import * as sessionRoute from "../../app/api/v1/sessions/[id]/route";
import * as sessionsRoute from "../../app/api/v1/sessions/route";
import * as statementsRoute from "../../app/api/v1/statements/route";
import * as usageRoute from "../../app/api/v1/usage/route";
import * as visitorRoute from "../../app/api/v1/visitors/[id]/route";
import * as visitorsRoute from "../../app/api/v1/visitors/route";
import { LAST_USED_RESOLUTION_MS } from "../../server/api-keys/authenticate";
import { API_KEY_PREFIX, hashApiKey } from "../../server/api-keys/manage";
import { makeApiRateLimiter } from "../../server/api-v1/rate-limit";
import { MAX_BODY_BYTES } from "../../server/api-v1/request";
import { API_ROUTES } from "../../server/api-v1/routes";
import { serveApi } from "../../server/api-v1/serve";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { env } from "../../server/env";
import { rebuildReports } from "../../server/reports/refresh";
import { callerFor, createLiveSession, createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]> | undefined> }) => Promise<Response>;
type RouteModule = Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>;

const ORIGIN = "http://localhost:3000";

/** The route module Next would pick for `pathname` (under /api/v1) and its params. */
function routeFor(pathname: string): {
  mod: RouteModule;
  params: Record<string, string | string[]> | undefined;
} {
  const parts = pathname.split("/").filter(Boolean);
  const single: Record<string, RouteModule> = {
    sessions: sessionsRoute,
    queue: queueRoute,
    launchers: launchersRoute,
    visitors: visitorsRoute,
    usage: usageRoute,
    statements: statementsRoute,
  };
  const byId: Record<string, RouteModule> = { sessions: sessionRoute, visitors: visitorRoute };
  // Next gives a route without dynamic segments no params at all (undefined).
  if (parts.length === 1 && single[parts[0]!]) return { mod: single[parts[0]!]!, params: undefined };
  if (parts.length === 2 && byId[parts[0]!]) return { mod: byId[parts[0]!]!, params: { id: decodeURIComponent(parts[1]!) } };
  return { mod: catchAll as unknown as RouteModule, params: { path: parts } };
}

type CallOpts = {
  key?: string | null;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string | Uint8Array;
};

async function api(pathAndQuery: string, o: CallOpts = {}) {
  const url = new URL(`/api/v1${pathAndQuery}`, ORIGIN);
  const headers = new Headers(o.headers);
  if (o.key) headers.set("authorization", `Bearer ${o.key}`);
  let body: string | Uint8Array | undefined = o.rawBody;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const method = o.method ?? "GET";
  const req = new Request(url, { method, headers, body: body as BodyInit | undefined });
  const { mod, params } = routeFor(url.pathname.slice("/api/v1".length));
  const res = await mod[method](req, { params: Promise.resolve(params) });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: (text ? JSON.parse(text) : null) as Record<string, any>,
  };
}

function expectError(r: { status: number; json: Record<string, any> }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(Object.keys(r.json)).toEqual(["error"]);
  expect(Object.keys(r.json.error as object).sort()).toEqual(["code", "message"]);
  expect(r.json.error.code).toBe(code);
  expect(typeof r.json.error.message).toBe("string");
  expect((r.json.error.message as string).length).toBeGreaterThan(10);
}

const ownerApi = (s: Seeded) => callerFor(s.owner.user);
const newKey = async (s: Seeded, scope: "READ" | "READ_WRITE", name = "CRM") =>
  (await ownerApi(s).apiKeys.create({ orgId: s.org.id, name, scope })).key;

/** An ended session with room lines from both sides and one private sidebar line. */
async function endedSession(s: Seeded, visitor: { name: string; email: string }) {
  const cookie = `api-${randomUUID()}`;
  const live = await createLiveSession(s, { visitorCookieId: cookie });
  await db.visitor.update({
    where: { id: live.visitor.id },
    data: { name: visitor.name, email: visitor.email },
  });
  const visitorApi = createCaller(createContext({ user: null, visitorCookieId: cookie }));
  const agentApi = callerFor(s.agents[0]!.user);
  await visitorApi.sessions.send({
    sessionId: live.session.id,
    text: "My kettle whistles in C sharp",
    clientEventId: randomUUID(),
  });
  await agentApi.sessions.send({
    sessionId: live.session.id,
    text: "Let me look into the kettle",
    clientEventId: randomUUID(),
  });
  await db.sessionEvent.create({
    data: {
      orgId: s.org.id,
      sessionId: live.session.id,
      stream: "sidebar:api",
      seq: 1,
      type: "chat",
      payload: { text: "staff-only remark" },
    },
  });
  await visitorApi.sessions.leave({ sessionId: live.session.id });
  await agentApi.sessions.wrapUp({ sessionId: live.session.id, disposition: "RESOLVED", tags: [] });
  return { sessionId: live.session.id, visitorId: live.visitor.id, cookieId: cookie };
}

/** PATCH /visitors/{A's visitor} with `key`. */
const patchVisitor = (key: string, o: Omit<CallOpts, "key" | "method"> = {}) =>
  api(`/visitors/${aSession.visitorId}`, { key, method: "PATCH", ...o });

let a: Seeded;
let b: Seeded;
let aRead: string;
let aWrite: string;
let bRead: string;
let bWrite: string;
let aSession: { sessionId: string; visitorId: string; cookieId: string };
let aStatementId: string;

beforeAll(async () => {
  [a, b] = [await seedOrg({ name: "Org A" }), await seedOrg({ name: "Org B" })];
  [aRead, aWrite, bRead, bWrite] = [
    await newKey(a, "READ"),
    await newKey(a, "READ_WRITE", "Help desk"),
    await newKey(b, "READ"),
    await newKey(b, "READ_WRITE"),
  ];
  aSession = await endedSession(a, { name: "Ann Archer", email: "ann@a.example" });
  // Someone waiting in A's queue now.
  const waiting = await createVisitor(a.org.id, { name: "Waiting Wendy" });
  const oneOnOne = a.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  await db.queueEntry.create({
    data: {
      orgId: a.org.id,
      launcherId: a.launcher.id,
      scenarioId: oneOnOne.id,
      visitorId: waiting.id,
      status: "WAITING",
    },
  });
  // A closed statement of A's last year.
  const st = await db.statement.create({
    data: {
      orgId: a.org.id,
      periodStart: new Date("2025-11-01T00:00:00Z"),
      periodEnd: new Date("2025-12-01T00:00:00Z"),
      status: "FINALIZED",
      totalCents: 4200,
      finalizedAt: new Date("2025-12-01T01:00:00Z"),
    },
  });
  aStatementId = st.id;
  await rebuildReports({ orgId: a.org.id });
  await rebuildReports({ orgId: b.org.id });
});

describe("keys in the dashboard", () => {
  it("are shown once, kept only as a SHA-256 with a short visible prefix, and listed with their scope", async () => {
    const created = await ownerApi(a).apiKeys.create({ orgId: a.org.id, name: "  Zapier  ", scope: "READ" });
    expect(created.key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(created.key.length).toBeGreaterThanOrEqual(API_KEY_PREFIX.length + 43);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(row.name).toBe("Zapier");
    expect(created.key.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBe(API_KEY_PREFIX.length + 6);
    // The key is nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(created.key.slice(API_KEY_PREFIX.length + 6));
    const list = await ownerApi(a).apiKeys.list({ orgId: a.org.id });
    const listed = list.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ name: "Zapier", scope: "READ", prefix: row.prefix, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect(
      await db.auditLog.count({
        where: { orgId: a.org.id, action: "api_key.created", targetId: created.id },
      }),
    ).toBe(1);
  });

  it("are for owners and admins only; another org's key cannot be revoked (NOT_FOUND)", async () => {
    await expect(callerFor(a.manager.user).apiKeys.list({ orgId: a.org.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(a.agents[0]!.user).apiKeys.create({ orgId: a.org.id, name: "x", scope: "READ" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const bKeyId = (await db.apiKey.findFirstOrThrow({ where: { orgId: b.org.id } })).id;
    await expect(ownerApi(a).apiKeys.revoke({ orgId: a.org.id, keyId: bKeyId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: bKeyId } })).revokedAt).toBeNull();
    await expect(ownerApi(a).apiKeys.create({ orgId: a.org.id, name: "   ", scope: "READ" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("authentication", () => {
  it("takes the key only as a Bearer token, and says where it goes when it is elsewhere", async () => {
    const none = await api("/sessions");
    expectError(none, 401, "UNAUTHORIZED");
    expect(none.json.error.message).toContain("Authorization: Bearer");

    const header = await api("/sessions", { headers: { "X-Api-Key": aRead } });
    expectError(header, 401, "UNAUTHORIZED");
    expect(header.json.error.message).toContain("x-api-key");
    expect(header.json.error.message).toContain("Authorization: Bearer");

    const query = await api(`/sessions?api_key=${aRead}`);
    expectError(query, 401, "UNAUTHORIZED");
    expect(query.json.error.message).toContain("query string");
    // Even beside a good header: a key in a URL is refused.
    expectError(await api(`/sessions?access_token=${aRead}`, { key: aRead }), 401, "UNAUTHORIZED");

    expectError(
      await api("/sessions", {
        headers: { Authorization: `Basic ${Buffer.from(`${aRead}:`).toString("base64")}` },
      }),
      401,
      "UNAUTHORIZED",
    );
    expectError(await api("/sessions", { headers: { Authorization: aRead } }), 401, "UNAUTHORIZED");
    expectError(await api("/sessions", { key: `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}` }), 401, "UNAUTHORIZED");
    expect((await api("/sessions", { key: aRead })).status).toBe(200);
    expect((await api("/sessions", { headers: { Authorization: `bearer ${aRead}` } })).status).toBe(200);
  });

  it("a revoked key answers 401 from the next call on", async () => {
    const key = await newKey(a, "READ_WRITE", "Soon revoked");
    expect((await api("/launchers", { key })).status).toBe(200);
    const row = await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key) } });
    await ownerApi(a).apiKeys.revoke({ orgId: a.org.id, keyId: row.id });
    const after = await api("/launchers", { key });
    expectError(after, 401, "UNAUTHORIZED");
    expect(after.json.error.message).toContain("revoked");
    expectError(
      await api(`/visitors/${aSession.visitorId}`, { key, method: "PATCH", body: { notes: "after revoke" } }),
      401,
      "UNAUTHORIZED",
    );
    expect((await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes).not.toBe("after revoke");
    const listed = (await ownerApi(a).apiKeys.list({ orgId: a.org.id })).find((k) => k.id === row.id)!;
    expect(listed.revokedAt).toBeInstanceOf(Date);
  });

  it("records the last use, at most once a minute", async () => {
    const key = await newKey(a, "READ", "Last used");
    const row = () => db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key) } });
    expect((await row()).lastUsedAt).toBeNull();
    const t0 = new Date(Date.now() + 1000);
    const rl = await makeApiRateLimiter({ points: 100, durationSec: 60 }, `lastused-${randomUUID()}`);
    const call = (now: Date) =>
      serveApi(
        "/launchers",
        new Request(`${ORIGIN}/api/v1/launchers`, { headers: { authorization: `Bearer ${key}` } }),
        {},
        { now, rateLimiter: rl },
      );
    expect((await call(t0)).status).toBe(200);
    expect((await row()).lastUsedAt?.getTime()).toBe(t0.getTime());
    expect((await call(new Date(t0.getTime() + 5_000))).status).toBe(200);
    expect((await row()).lastUsedAt?.getTime()).toBe(t0.getTime());
    const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1);
    expect((await call(later)).status).toBe(200);
    expect((await row()).lastUsedAt?.getTime()).toBe(later.getTime());
  });
});

describe("scopes", () => {
  it("a read key may not change anything (403, notes unchanged); a read-write key may", async () => {
    const before = (await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes;
    const refused = await patchVisitor(aRead, { body: { notes: "from a read key" } });
    expectError(refused, 403, "FORBIDDEN");
    expect((await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes).toBe(before);

    const ok = await patchVisitor(aWrite, { body: { notes: "VIP: prefers email" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      id: aSession.visitorId,
      notes: "VIP: prefers email",
      email: "ann@a.example",
    });
    expect((await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes).toBe("VIP: prefers email");
    const audit = await db.auditLog.findFirstOrThrow({
      where: { orgId: a.org.id, action: "visitor.notes_updated", targetId: aSession.visitorId },
    });
    expect(audit.actorType).toBe("api_key");
    // Both scopes read.
    expect((await api(`/visitors/${aSession.visitorId}`, { key: aRead })).json.notes).toBe("VIP: prefers email");
  });
});

describe("rate limit", () => {
  it("every answer carries the RateLimit headers of the key's window", async () => {
    const key = await newKey(b, "READ", "Headers");
    const first = await api("/queue", { key });
    expect(first.status).toBe(200);
    const limit = env.API_RATE_LIMIT_PER_MINUTE;
    expect(first.headers.get("RateLimit-Limit")).toBe(String(limit));
    expect(first.headers.get("RateLimit-Remaining")).toBe(String(limit - 1));
    expect(first.headers.get("RateLimit-Policy")).toBe(`${limit};w=60`);
    const reset = Number(first.headers.get("RateLimit-Reset"));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    const second = await api("/queue", { key });
    expect(second.headers.get("RateLimit-Remaining")).toBe(String(limit - 2));
    // Errors after authentication count and say so too.
    const bad = await api("/sessions?from=2026-02-30", { key });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("RateLimit-Remaining")).toBe(String(limit - 3));
  });

  it("past the limit: 429 with Retry-After, per key (another key is not held back)", async () => {
    const key = await newKey(a, "READ", "Busy");
    const rl = await makeApiRateLimiter({ points: 3, durationSec: 60 }, `test-${randomUUID()}`);
    const call = (k: string) =>
      serveApi(
        "/launchers",
        new Request(`${ORIGIN}/api/v1/launchers`, { headers: { authorization: `Bearer ${k}` } }),
        {},
        { rateLimiter: rl },
      );
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(key);
      expect(r.status).toBe(200);
      remaining.push(r.headers.get("RateLimit-Remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const over = await call(key);
    expect(over.status).toBe(429);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(over.headers.get("RateLimit-Remaining")).toBe("0");
    expect(over.headers.get("RateLimit-Limit")).toBe("3");
    expect((await call(aRead)).status).toBe(200);
  });
});

describe("one org's key never reads another's data", () => {
  it("sessions: A's session is in A's list and transcript, never in B's (404)", async () => {
    const aList = await api("/sessions", { key: aRead });
    expect(aList.status).toBe(200);
    expect(aList.json.data.map((r: { id: string }) => r.id)).toContain(aSession.sessionId);
    const bList = await api("/sessions", { key: bRead });
    expect(bList.status).toBe(200);
    expect(bList.json.data).toEqual([]);
    expectError(await api(`/sessions/${aSession.sessionId}`, { key: bRead }), 404, "NOT_FOUND");
    expectError(await api(`/sessions/${aSession.sessionId}`, { key: bWrite }), 404, "NOT_FOUND");
    // A's filters name A's launcher: from B it names nothing B has.
    const filtered = await api(`/sessions?launcher=${a.launcher.id}`, { key: bRead });
    expect(filtered.status).toBe(400);
    expect(JSON.stringify(filtered.json)).not.toContain(aSession.sessionId);
  });

  it("visitors: lookup, read and notes are A's only (B gets nothing, 404, and changes nothing)", async () => {
    expect((await api("/visitors?email=ANN@a.example", { key: aRead })).json.data.map((v: { id: string }) => v.id)).toEqual([
      aSession.visitorId,
    ]);
    expect((await api("/visitors?email=ann@a.example", { key: bRead })).json.data).toEqual([]);
    expect((await api(`/visitors?cookieId=${encodeURIComponent(aSession.cookieId)}`, { key: aRead })).json.data).toHaveLength(1);
    expect((await api(`/visitors?cookieId=${encodeURIComponent(aSession.cookieId)}`, { key: bRead })).json.data).toEqual([]);
    expectError(await api(`/visitors/${aSession.visitorId}`, { key: bRead }), 404, "NOT_FOUND");
    const before = (await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes;
    expectError(await patchVisitor(bWrite, { body: { notes: "B was here" } }), 404, "NOT_FOUND");
    expect((await db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } })).notes).toBe(before);
    expect(await db.auditLog.count({ where: { orgId: b.org.id, action: "visitor.notes_updated" } })).toBe(0);
  });

  it("queue, launchers, usage and statements: each key sees its own org", async () => {
    const aQueue = (await api("/queue", { key: aRead })).json;
    const bQueue = (await api("/queue", { key: bRead })).json;
    expect(aQueue.waiting).toBe(1);
    expect(bQueue.waiting).toBe(0);
    const bMembers = new Set((await db.membership.findMany({ where: { orgId: b.org.id } })).map((m) => m.id));
    expect(bQueue.agents.length).toBe(bMembers.size);
    for (const agent of bQueue.agents as { id: string }[]) expect(bMembers.has(agent.id)).toBe(true);

    const aLaunchers = (await api("/launchers", { key: aRead })).json.data as { id: string; url: string }[];
    const bLaunchers = (await api("/launchers", { key: bRead })).json.data as { id: string }[];
    expect(aLaunchers.map((l) => l.id)).toEqual([a.launcher.id]);
    expect(aLaunchers[0]!.url).toBe(`${new URL(env.NEXTAUTH_URL).origin}/l/${a.launcher.key}`);
    expect(bLaunchers.map((l) => l.id)).toEqual([b.launcher.id]);

    const aUsage = (await api("/usage", { key: aRead })).json;
    const bUsage = (await api("/usage", { key: bRead })).json;
    expect(aUsage.totals.sessions).toBe(1);
    expect(aUsage.agents.map((x: { id: string }) => x.id)).toEqual([a.agents[0]!.membership.id]);
    expect(bUsage.totals.sessions).toBe(0);
    expect(bUsage.agents).toEqual([]);
    expect(aUsage.range.days).toBe(30);

    const aSt = (await api("/statements", { key: aRead })).json;
    const bSt = (await api("/statements", { key: bRead })).json;
    expect(aSt.statements.map((x: { id: string }) => x.id)).toEqual([aStatementId]);
    expect(aSt.statements[0]).toMatchObject({
      totalCents: 4200,
      status: "FINALIZED",
      periodStart: "2025-11-01T00:00:00.000Z",
    });
    expect(bSt.statements).toEqual([]);
    expect(typeof bSt.current.totalCents).toBe("number");
  });
});

describe("sessions", () => {
  it("one session's transcript has the room's lines and no private ones", async () => {
    const r = await api(`/sessions/${aSession.sessionId}`, { key: aRead });
    expect(r.status).toBe(200);
    const texts = (r.json.transcript as { text: string | null; type: string }[]).filter((e) => e.type === "chat").map((e) => e.text);
    expect(texts).toEqual(["My kettle whistles in C sharp", "Let me look into the kettle"]);
    expect(JSON.stringify(r.json)).not.toContain("staff-only remark");
    expect(r.json).toMatchObject({ id: aSession.sessionId, disposition: "RESOLVED" });
    expect(r.json.participants.map((p: { role: string }) => p.role).sort()).toEqual(["AGENT", "VISITOR"]);
  });

  it("filters and pages: agent, outcome, text, cursor", async () => {
    const second = await endedSession(a, { name: "Bob Baker", email: "bob@a.example" });
    const ids = async (q: string) => ((await api(`/sessions${q}`, { key: aRead })).json.data as { id: string }[]).map((x) => x.id);
    expect(await ids("?outcome=disposition:RESOLVED")).toEqual([second.sessionId, aSession.sessionId]);
    expect(await ids("?outcome=disposition:SPAM")).toEqual([]);
    expect(await ids(`?agent=${a.agents[0]!.membership.id}`)).toHaveLength(2);
    expect(await ids(`?agent=${a.agents[1]!.membership.id}`)).toEqual([]);
    expect(await ids(`?launcher=${a.launcher.id}`)).toHaveLength(2);
    expect(await ids("?q=whistles")).toHaveLength(2);
    expect(await ids("?q=staff-only")).toEqual([]);
    expect(await ids("?from=2020-01-01&to=2020-01-31")).toEqual([]);
    const page1 = (await api("/sessions?limit=1", { key: aRead })).json;
    expect(page1.data).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await api(`/sessions?limit=1&cursor=${encodeURIComponent(page1.nextCursor as string)}`, { key: aRead })).json;
    expect(page2.data).toHaveLength(1);
    expect(page2.data[0].id).not.toBe(page1.data[0].id);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("bad input: a clear 4xx in the one error shape, nothing changed", () => {
  const notes = () => db.visitor.findUniqueOrThrow({ where: { id: aSession.visitorId } }).then((v) => v.notes);

  it("malformed JSON, unknown fields, wrong types: 400", async () => {
    const before = await notes();
    const malformed = await patchVisitor(aWrite, {
      rawBody: '{"notes": "half',
      headers: { "content-type": "application/json" },
    });
    expectError(malformed, 400, "BAD_REQUEST");
    expect(malformed.json.error.message).toContain("not valid JSON");
    const unknown = await patchVisitor(aWrite, { body: { notes: "x", name: "Mallory" } });
    expectError(unknown, 400, "BAD_REQUEST");
    expect(unknown.json.error.message).toContain("name");
    expectError(await patchVisitor(aWrite, { body: { notes: 42 } }), 400, "BAD_REQUEST");
    expectError(await patchVisitor(aWrite, { body: ["notes"] }), 400, "BAD_REQUEST");
    expectError(await patchVisitor(aWrite, { body: { notes: "nul\u0000byte" } }), 400, "BAD_REQUEST");
    expectError(await patchVisitor(aWrite, { body: { notes: "x".repeat(5001) } }), 400, "BAD_REQUEST");
    expect(await notes()).toBe(before);
  });

  it("oversized body: 413; not JSON: 415; no body: 415", async () => {
    const before = await notes();
    const big = await patchVisitor(aWrite, {
      rawBody: JSON.stringify({ notes: "y".repeat(MAX_BODY_BYTES) }),
      headers: { "content-type": "application/json" },
    });
    expectError(big, 413, "PAYLOAD_TOO_LARGE");
    // Without a Content-Length (a stream), the bytes read decide.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("z".repeat(8 * 1024)));
        c.close();
      },
    });
    const streamed = await serveApi(
      "/visitors/{id}",
      new Request(`${ORIGIN}/api/v1/visitors/${aSession.visitorId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${aWrite}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
      { id: aSession.visitorId },
    );
    expect(streamed.status).toBe(413);
    expectError(
      await patchVisitor(aWrite, {
        rawBody: "notes=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await patchVisitor(aWrite, { rawBody: '{"notes":"x"}', headers: { "content-type": "text/plain" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(await patchVisitor(aWrite, {}), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(await notes()).toBe(before);
  });

  it("query strings: unknown, repeated, malformed or out-of-range parameters are 400", async () => {
    const cases = [
      "/sessions?colour=blue",
      "/sessions?limit=1&limit=2",
      "/sessions?limit=0",
      "/sessions?limit=abc",
      "/sessions?from=2026-02-30",
      "/sessions?from=2026-03-10&to=2026-03-01",
      "/sessions?from=2020-01-01&to=2026-01-01",
      "/sessions?outcome=happy",
      "/sessions?cursor=bm90IGEgY3Vyc29y",
      "/visitors",
      "/visitors?email=a@b.c&cookieId=x",
      "/visitors?email=not-an-address",
      "/queue?verbose=1",
      "/usage?to=yesterday",
      `/sessions/${aSession.sessionId}?include=private`,
    ];
    for (const c of cases) {
      const r = await api(c, { key: aRead });
      expect([c, r.status]).toEqual([c, 400]);
      expectError(r, 400, "BAD_REQUEST");
    }
    const unknown = await api("/sessions?colour=blue", { key: aRead });
    expect(unknown.json.error.message).toContain("colour");
  });

  it("unknown paths and methods answer in the same shape", async () => {
    expectError(await api("/nothing-here", { key: aRead }), 404, "NOT_FOUND");
    expectError(await api("/sessions/nope", { key: aRead }), 404, "NOT_FOUND");
    expectError(await api(`/visitors/${"x".repeat(65)}`, { key: aRead }), 404, "NOT_FOUND");
    const del = await api(`/visitors/${aSession.visitorId}`, { key: aWrite, method: "DELETE" });
    expectError(del, 405, "METHOD_NOT_ALLOWED");
    expect(del.headers.get("Allow")).toBe("GET, PATCH");
    expect(await db.visitor.count({ where: { id: aSession.visitorId } })).toBe(1);
    const post = await api("/sessions", { key: aWrite, method: "POST", body: {} });
    expectError(post, 405, "METHOD_NOT_ALLOWED");
  });

  it("answers are JSON that is never cached", async () => {
    const r = await api("/launchers", { key: aRead });
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("OpenAPI document", () => {
  type Doc = {
    openapi: string;
    info: { title: string; version: string };
    servers: { url: string }[];
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, any> };
  };
  let doc: Doc;
  beforeAll(async () => {
    const res = openapiRoute.GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    doc = (await res.json()) as Doc;
  });

  /** The path templates served by app/api/v1's route files (folders named [x] are {x}). */
  function routeFileTemplates(): string[] {
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const out: string[] = [];
    const walk = (dir: string, segs: string[]) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (!statSync(full).isDirectory()) continue;
        if (name.startsWith("[...") || name === "openapi.json") continue;
        const seg = name.startsWith("[") ? `{${name.slice(1, -1)}}` : name;
        if (existsSync(path.join(full, "route.ts"))) out.push(`/${[...segs, seg].join("/")}`);
        walk(full, [...segs, seg]);
      }
    };
    walk(root, []);
    return out.sort();
  }

  it("is OpenAPI 3.1 with a bearer scheme, servers under /api/v1 and every response's schema", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.servers[0]!.url).toBe(`${new URL(env.NEXTAUTH_URL).origin}/api/v1`);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const opIds = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths)) {
      expect(p.startsWith("/")).toBe(true);
      for (const [method, op] of Object.entries(ops)) {
        expect(["get", "put", "post", "delete", "patch"]).toContain(method);
        expect(opIds.has(op.operationId as string)).toBe(false);
        opIds.add(op.operationId as string);
        expect(op.responses["200"].content["application/json"].schema).toBeTypeOf("object");
        for (const [status, resp] of Object.entries(op.responses as Record<string, any>)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(typeof resp.description).toBe("string");
        }
        // Every {name} of the template is a required path parameter, and nothing else is.
        const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const pathParams = (op.parameters as { in: string; name: string; required: boolean }[]).filter((x) => x.in === "path");
        expect(pathParams.map((x) => x.name).sort()).toEqual(names.sort());
        for (const x of pathParams) expect(x.required).toBe(true);
      }
    }
    // Every $ref points at something in the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/")).toBe(true);
      const target = ref
        .slice(2)
        .split("/")
        .reduce<any>((o, k) => (o ? o[k] : undefined), doc);
      expect([ref, target !== undefined]).toEqual([ref, true]);
    }
  });

  it("lists every route the API serves, with its query parameters, and no other", () => {
    const listed = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(listed).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect([...new Set(API_ROUTES.map((r) => r.path))].sort()).toEqual(routeFileTemplates());
    const sessionsParams = (doc.paths["/sessions"]!.get.parameters as { name: string }[]).map((x) => x.name).sort();
    expect(sessionsParams).toEqual(["agent", "cursor", "from", "launcher", "limit", "outcome", "q", "to"]);
    expect(doc.paths["/visitors/{id}"]!.patch.requestBody.content["application/json"].schema).toMatchObject({
      type: "object",
      properties: { notes: { type: "string", maxLength: 5000 } },
      additionalProperties: false,
    });
  });
});
