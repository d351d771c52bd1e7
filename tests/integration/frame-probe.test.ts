// The framing probe against real local HTTP servers: it reads X-Frame-Options and CSP
// frame-ancestors, and refuses private and loopback addresses unless allowlisted.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { framingFromHeaders, isPrivateAddress, probeFraming } from "../../server/leading/probe";

let server: http.Server;
let base: string;
const APP = "http://localhost:3000";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/deny") res.setHeader("X-Frame-Options", "DENY");
    if (req.url === "/csp-self") res.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'");
    if (req.url === "/csp-us") res.setHeader("Content-Security-Policy", `frame-ancestors ${APP}`);
    if (req.url === "/redirect-private") {
      res.writeHead(302, { Location: "http://10.0.0.1/" });
      return res.end();
    }
    if (req.url === "/redirect-deny") {
      res.writeHead(301, { Location: "/deny" });
      return res.end();
    }
    res.end("<h1>ok</h1>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const allow = { appOrigin: APP, allowHosts: ["127.0.0.1"] };

describe("framing probe", () => {
  it("refuses loopback and private addresses without the development allowlist, opening no socket", async () => {
    expect(await probeFraming(`${base}/deny`, { appOrigin: APP, allowHosts: [] })).toEqual({ framable: null, reason: "private address: not probed" });
    expect(await probeFraming("http://10.1.2.3/", { appOrigin: APP, allowHosts: [] })).toEqual({ framable: null, reason: "private address: not probed" });
    expect(await probeFraming("http://localhost:9/", { appOrigin: APP, allowHosts: [] })).toMatchObject({ framable: null, reason: "private address: not probed" });
  });

  it("reads the page's framing rules when allowed to ask", async () => {
    expect((await probeFraming(`${base}/`, allow)).framable).toBe(true);
    expect(await probeFraming(`${base}/deny`, allow)).toEqual({ framable: false, reason: "X-Frame-Options: DENY" });
    expect((await probeFraming(`${base}/csp-self`, allow)).framable).toBe(false);
    expect((await probeFraming(`${base}/csp-us`, allow)).framable).toBe(true);
    expect((await probeFraming(`${base}/redirect-deny`, allow)).framable).toBe(false);
  });

  it("checks every redirect hop: a public page may not bounce the probe into the private network", async () => {
    expect(await probeFraming(`${base}/redirect-private`, allow)).toEqual({ framable: null, reason: "private address: not probed" });
  });

  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.0.0.8", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("parses frame-ancestors sources", () => {
    expect(framingFromHeaders({ "content-security-policy": "frame-ancestors *" }, APP).framable).toBe(true);
    expect(framingFromHeaders({ "content-security-policy": "frame-ancestors 'none'" }, APP).framable).toBe(false);
    expect(framingFromHeaders({ "x-frame-options": "sameorigin" }, APP).framable).toBe(false);
    expect(framingFromHeaders({}, APP).framable).toBe(true);
  });
});
