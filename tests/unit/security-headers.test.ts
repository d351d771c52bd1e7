import { describe, expect, it } from "vitest";
import { checkActionBody, isActionPost } from "../../server/http/action-guard";
import { isForeignRequest, ownOrigins, safeHost } from "../../server/http/origin";
import { apiSecurityHeaders, isApiPath, realtimeSources, securityHeaders } from "../../server/http/security-headers";

const base = { nonce: "bm9uY2U=", https: false, dev: false, realtimeSources: ["ws://localhost:6001"] };

describe("security headers per route family", () => {
  it("refuses framing of consoles, auth, entry and session pages; our marketing pages only by ourselves", () => {
    for (const path of [
      "/agent",
      "/manager/x",
      "/dashboard",
      "/admin/outbox",
      "/reseller",
      "/sign-in",
      "/sign-up",
      "/l/demo",
      "/s/abc",
      "/s/abc/basic",
      "/s/abc/replay",
      "/invite/t",
    ]) {
      const h = securityHeaders({ ...base, path });
      expect(h["Content-Security-Policy"], path).toContain("frame-ancestors 'none'");
      expect(h["X-Frame-Options"], path).toBe("DENY");
    }
    for (const path of ["/", "/pricing", "/embed-demo", "/s/abc/basic/log"]) {
      expect(securityHeaders({ ...base, path })["Content-Security-Policy"], path).toContain("frame-ancestors 'self'");
    }
  });

  it("lets pages frame led pages (the viewer is reached by client-side navigation) and reach the relay", () => {
    for (const path of ["/s/abc", "/agent", "/l/demo/wait/x"]) {
      const csp = securityHeaders({ ...base, path })["Content-Security-Policy"];
      expect(csp, path).toContain("frame-src 'self' http: https:");
      expect(csp, path).toContain("connect-src 'self' ws://localhost:6001");
    }
  });

  it("puts the nonce in script-src, eval only in development, HSTS and upgrades only over TLS", () => {
    const prod = securityHeaders({ ...base, path: "/" });
    expect(prod["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic';");
    expect(prod["Strict-Transport-Security"]).toBeUndefined();
    expect(prod["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
    expect(securityHeaders({ ...base, path: "/", dev: true })["Content-Security-Policy"]).toContain("'unsafe-eval'");
    const tls = securityHeaders({ ...base, path: "/", https: true });
    expect(tls["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(tls["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    expect(prod["X-Content-Type-Options"]).toBe("nosniff");
    expect(prod["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(prod["Permissions-Policy"]).toContain("microphone=()");
  });

  it("gives API answers the pages' framing, sniffing, referrer and TLS rules, without a nonce", () => {
    expect(isApiPath("/api/trpc/sessions.send")).toBe(true);
    expect(isApiPath("/api/v1/sessions")).toBe(true);
    for (const path of ["/", "/agent", "/api/auth/signin", "/api/trpcx"]) expect(isApiPath(path), path).toBe(false);
    const page = securityHeaders({ ...base, path: "/agent" });
    const api = apiSecurityHeaders(false);
    expect(api["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    for (const name of ["X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy"])
      expect(api[name], name).toBe(page[name]);
    expect(api["Strict-Transport-Security"]).toBeUndefined();
    expect(apiSecurityHeaders(true)["Strict-Transport-Security"]).toBe("max-age=31536000");
  });

  it("derives the realtime sources from the browser's realtime configuration", () => {
    expect(realtimeSources({ cluster: "local", wsHost: "localhost", wsPort: 6001, wssPort: 6001, forceTLS: false })).toEqual([
      "ws://localhost:6001",
      "wss://localhost:6001",
    ]);
    expect(realtimeSources({ cluster: "eu", forceTLS: true })).toEqual(["wss://ws-eu.pusher.com"]);
    expect(realtimeSources({ cluster: "self-hosted", wsHost: "rt.example.com", wsPort: 443, wssPort: 443, forceTLS: true })).toEqual([
      "wss://rt.example.com:443",
    ]);
  });
});

describe("origins", () => {
  it("accepts our public origin and the request's own host; ignores a Host that is not a host", () => {
    expect(ownOrigins("https://app.example.com", "10.0.0.2:3000", false)).toEqual(["https://app.example.com", "http://10.0.0.2:3000"]);
    expect(safeHost("evil.example; script-src *")).toBeNull();
    expect(ownOrigins("http://localhost:3000", "a b", false)).toEqual(["http://localhost:3000"]);
  });

  it("calls a request foreign when its Origin is not ours, or Sec-Fetch-Site says another site", () => {
    const own = ["http://localhost:3000"];
    expect(isForeignRequest("http://localhost:3000", "same-origin", own)).toBe(false);
    expect(isForeignRequest(undefined, undefined, own)).toBe(false);
    expect(isForeignRequest("https://evil.example", undefined, own)).toBe(true);
    expect(isForeignRequest("null", undefined, own)).toBe(true);
    expect(isForeignRequest(null, "cross-site", own)).toBe(true);
    expect(isForeignRequest(null, "same-site", own)).toBe(true);
  });
});

describe("server-action posts", () => {
  const boundary = "b0undary";
  const type = `multipart/form-data; boundary=${boundary}`;
  const form = (fields: [string, string][]) =>
    Buffer.from(
      fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") +
        `--${boundary}--\r\n`,
    );

  it("are POSTs to pages with Next-Action or a multipart body", () => {
    expect(isActionPost({ method: "POST", url: "/l/demo", headers: { "next-action": "abc" } })).toBe(true);
    expect(isActionPost({ method: "POST", url: "/l/demo", headers: { "content-type": "multipart/form-data; boundary=x" } })).toBe(true);
    expect(isActionPost({ method: "POST", url: "/api/avatars", headers: { "content-type": "multipart/form-data; boundary=x" } })).toBe(
      false,
    );
    expect(isActionPost({ method: "GET", url: "/l/demo", headers: { "next-action": "abc" } })).toBe(false);
  });

  it("pass when complete and JSON where React expects JSON", async () => {
    const ok = form([
      ["$ACTION_REF_1", ""],
      ["$ACTION_1:0", '{"id":"x","bound":"$@1"}'],
      ["$ACTION_1:1", '["demo"]'],
      ["question", "not json, fine"],
    ]);
    expect(await checkActionBody(ok, type)).toEqual({ ok: true });
    expect(
      await checkActionBody(
        form([
          ["0", '["$K1"]'],
          ["1_question", "free text"],
        ]),
        type,
      ),
    ).toEqual({ ok: true });
    expect(await checkActionBody(Buffer.from('["a"]'), "text/plain;charset=UTF-8")).toEqual({ ok: true });
  });

  it("are refused with 400 when truncated or when arguments are not JSON", async () => {
    const whole = form([
      ["$ACTION_1:0", '{"id":"x"}'],
      ["question", "hello"],
    ]);
    expect(await checkActionBody(whole.subarray(0, whole.length - 20), type)).toMatchObject({ ok: false, status: 400 });
    expect(await checkActionBody(form([["$ACTION_1:1", "{not json"]]), type)).toMatchObject({ ok: false, status: 400 });
    expect(await checkActionBody(form([["0", "{not json"]]), type)).toMatchObject({ ok: false, status: 400 });
    expect(await checkActionBody(Buffer.from("{not json"), "text/plain")).toMatchObject({ ok: false, status: 400 });
  });
});
