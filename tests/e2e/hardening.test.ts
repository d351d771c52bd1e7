// Probing the running service from outside with plain HTTP, as an attacker would (issue 12, items
// 3, 6 and 7): the client address comes from the socket, malformed server-action posts get a 4xx,
// every route family carries its security headers, and tRPC mutations refuse foreign origins.
import http from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

const LOOPBACK = ["127.0.0.1", "::1"];
/**
 * The sign-up probe's own source address: the allowance it fills is counted per address, and other
 * files sign up from 127.0.0.1 at the same time (files run in parallel).
 */
const PROBE_ADDRESS = "127.0.0.2";

/** A JSON POST to the app from `localAddress`; resolves with the status. */
function postFrom(localAddress: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: new URL(appUrl).port, path, method: "POST", headers, localAddress }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The hidden fields React renders into the entry form, so a no-JavaScript post can name the action. */
async function entryFormFields(t: Tenant): Promise<Map<string, string>> {
  const html = await (await fetch(`${appUrl}/l/${t.launcherKey}`)).text();
  const fields = new Map<string, string>();
  for (const tag of html.match(/<input[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name?.startsWith("$ACTION")) continue;
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    fields.set(
      name,
      value
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&"),
    );
  }
  return fields;
}

function multipart(fields: [string, string][]): { body: string; type: string } {
  const boundary = "----isession-test-boundary";
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

describe.skipIf(!appUrl)("hardening against requests from outside", () => {
  let t: Tenant;
  let db: pg.Client;
  const startedAt = new Date();
  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Hardened Co" });
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
  });

  describe("client address (TRUSTED_PROXIES unset: the socket's address)", () => {
    it("counts sign-up attempts with a different X-Forwarded-For each time against the socket's address", async () => {
      let limited = false;
      for (let i = 1; i <= 25 && !limited; i++) {
        const status = await postFrom(
          PROBE_ADDRESS,
          "/api/trpc/account.signUp",
          { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `198.51.100.${i}` },
          JSON.stringify({ json: { businessName: "" } }),
        );
        limited = status === 429;
      }
      expect(limited).toBe(true);
      // Other files' sign-ups meanwhile come from loopback: only the named addresses must be absent.
      const { rows } = await db.query<{ ip: string; n: number }>(
        `SELECT ip, count(*)::int AS n FROM "AuditLog" WHERE action = 'account.sign_up_attempt' AND "createdAt" >= $1 GROUP BY ip`,
        [startedAt],
      );
      expect(rows.filter((r) => /^(203\.0\.113|198\.51\.100)\./.test(r.ip))).toEqual([]);
      expect(rows.find((r) => r.ip.endsWith(PROBE_ADDRESS))?.n).toBeGreaterThanOrEqual(20);
    });

    it("records a sign-in attempt under the socket's address, not the one the client named", async () => {
      const csrf = await fetch(`${appUrl}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const email = `nobody-${Date.now()}@example.test`;
      await fetch(`${appUrl}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie,
          "x-forwarded-for": "203.0.113.77",
          "x-isession-client-address": "203.0.113.78",
        },
        body: new URLSearchParams({ csrfToken, email, password: "wrong-password-1", json: "true" }),
      });
      const { rows } = await db.query<{ ip: string }>(`SELECT ip FROM "SignInAttempt" WHERE email = $1`, [email]);
      expect(rows).toHaveLength(1);
      expect(LOOPBACK).toContain(rows[0]!.ip);
    });
  });

  describe("malformed server-action posts get a 4xx, never a 500", () => {
    let fields: Map<string, string>;
    let actionId: string;
    beforeAll(async () => {
      fields = await entryFormFields(t);
      const ref = [...fields.keys()].find((k) => k.startsWith("$ACTION_REF_"));
      expect(ref).toBeDefined();
      actionId = (JSON.parse(fields.get(`$ACTION_${ref!.slice("$ACTION_REF_".length)}:0`)!) as { id: string }).id;
    });
    const fetchAction = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${appUrl}/l/${t.launcherKey}`, {
        method: "POST",
        headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", origin: new URL(appUrl).origin, ...headers },
        body,
      });

    it("answers 403 to a post from another origin", async () => {
      expect((await fetchAction('["$K1"]', { origin: "https://evil.example" })).status).toBe(403);
      const form = multipart([...fields.entries(), ["question", "hello"]]);
      const res = await fetch(`${appUrl}/l/${t.launcherKey}`, {
        method: "POST",
        headers: { "content-type": form.type, origin: "null" },
        body: form.body,
      });
      expect(res.status).toBe(403);
    });

    it("answers 413 to a body over the limit", async () => {
      expect((await fetchAction(JSON.stringify(["x".repeat(1_200_000)]))).status).toBe(413);
    });

    it("answers 400 to arguments that are not JSON", async () => {
      expect((await fetchAction("{not json")).status).toBe(400);
      const bound = [...fields.keys()].find((k) => /^\$ACTION_\d+:1$/.test(k));
      expect(bound).toBeDefined();
      const form = multipart([...fields.entries()].map(([k, v]): [string, string] => [k, k === bound ? "{not json" : v]));
      const res = await fetch(`${appUrl}/l/${t.launcherKey}`, {
        method: "POST",
        headers: { "content-type": form.type, origin: new URL(appUrl).origin },
        body: form.body,
      });
      expect(res.status).toBe(400);
    });

    it("answers 400 to a truncated multipart body", async () => {
      const form = multipart([...fields.entries(), ["question", "hello"]]);
      const cut = form.body.slice(0, form.body.length - 30);
      const res = await fetch(`${appUrl}/l/${t.launcherKey}`, {
        method: "POST",
        headers: { "content-type": form.type, origin: new URL(appUrl).origin },
        body: cut,
      });
      expect(res.status).toBe(400);
    });
  });

  describe("security headers", () => {
    const get = (path: string) => fetch(`${appUrl}${path}`, { redirect: "manual" });

    it("sends a nonce CSP whose nonce is on the page's scripts, and the common headers, on every route family", async () => {
      for (const path of ["/", "/sign-in", `/l/${t.launcherKey}`, "/agent", "/dashboard", "/admin", "/manager", "/reseller", "/embed.js"]) {
        const res = await get(path);
        const csp = res.headers.get("content-security-policy") ?? "";
        expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
        expect(csp, path).toContain("object-src 'none'");
        expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
        expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
        expect(res.headers.get("permissions-policy"), path).toContain("camera=()");
        // Served over plain http here: no HSTS.
        expect(res.headers.get("strict-transport-security"), path).toBeNull();
      }
      const page = await get("/sign-in");
      const nonce = /'nonce-([^']+)'/.exec(page.headers.get("content-security-policy")!)![1]!;
      const html = await page.text();
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
      // A fresh nonce per request.
      expect((await get("/sign-in")).headers.get("content-security-policy")).not.toContain(nonce);
    });

    it("lets no site frame the consoles, sign-in, the entry page or the session viewer", async () => {
      for (const path of [
        "/agent",
        "/manager",
        "/dashboard",
        "/admin",
        "/reseller",
        "/sign-in",
        "/sign-up",
        `/l/${t.launcherKey}`,
        "/s/nonexistent",
      ]) {
        const res = await get(path);
        expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
        expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      }
      expect((await get("/pricing")).headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    });

    it("lets the pages that open the session viewer frame led pages and reach the relay", async () => {
      for (const path of ["/s/nonexistent", "/agent", `/l/${t.launcherKey}`]) {
        const csp = (await get(path)).headers.get("content-security-policy")!;
        expect(csp, path).toContain("frame-src 'self' http: https:");
        expect(csp, path).toMatch(/connect-src 'self' ws:\/\/localhost:\d+/);
      }
    });
  });

  describe("addresses with text that cannot be stored (item 5, in the path)", () => {
    it("answers a NUL or an undecodable byte in any route's path with a 4xx (or sign-in), never a 500", async () => {
      const ids = ["%00", "a%00b", "%ED%A0%80", "%C0%80", "%FF"];
      const routes = [
        "/s/ID",
        "/s/ID/replay",
        "/s/ID/basic",
        "/s/ID/join",
        "/s/x/join?t=ID",
        "/l/ID",
        "/e/ID",
        `/l/${t.launcherKey}/wait/ID`,
        "/invite/ID",
        "/verify-email/ID",
        "/unlock-sign-in/ID",
        "/api/avatars/ID",
      ];
      for (const route of routes)
        for (const id of ids) {
          const path = route.replace("ID", id);
          const res = await fetch(`${appUrl}${path}`, { redirect: "manual" });
          expect(res.status, path).toBeLessThan(500);
        }
    });
  });

  describe("tRPC mutations", () => {
    it("refuses a mutation from another origin with FORBIDDEN and accepts our own", async () => {
      const post = (origin: string) =>
        fetch(`${appUrl}/api/trpc/account.resendVerification`, {
          method: "POST",
          headers: { "content-type": "application/json", origin },
          body: "{}",
        });
      const foreign = await post("https://evil.example");
      expect(foreign.status).toBe(403);
      expect(JSON.stringify(await foreign.json())).toContain("FORBIDDEN");
      // Our own origin gets past the check (and is then told to sign in).
      expect((await post(new URL(appUrl).origin)).status).toBe(401);
    });
  });
});
