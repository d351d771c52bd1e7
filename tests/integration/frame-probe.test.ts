// The framing probe against real local HTTP servers: it reads X-Frame-Options and CSP
// frame-ancestors, and refuses private and loopback addresses (in every spelling, on every redirect
// hop) unless allowlisted. The server counts what reaches it: a refused probe never arrives.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../server/leading/address";
import { framingFromHeaders, NOT_CHECKED, probeFraming } from "../../server/leading/probe";

let server: http.Server;
let base: string;
let port: number;
const APP = "http://localhost:3000";
const notChecked = { framable: null, reason: NOT_CHECKED };
/** Paths the test server was asked for, in order. */
const seen: string[] = [];
/** A port nothing listens on (taken, then closed). */
let closedPort: number;
/** A server that accepts connections and never answers. */
let silent: net.Server;
let silentPort: number;
const silentSockets: net.Socket[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    const hop = /^\/hop\?to=(.*)$/.exec(req.url ?? "");
    if (hop) {
      res.writeHead(302, { Location: decodeURIComponent(hop[1]!).replaceAll("PORT", String(port)) });
      return res.end();
    }
    if (req.url === "/bad-location") {
      res.writeHead(302, { Location: "http://[::1" });
      return res.end();
    }
    if (req.url === "/deny") res.setHeader("X-Frame-Options", "DENY");
    if (req.url === "/sameorigin") res.setHeader("X-Frame-Options", "SAMEORIGIN");
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
  // Dual-stack: ::ffff:127.0.0.1 reaches it, as it would reach any service on 127.0.0.1.
  await new Promise<void>((r) => server.listen(0, "::", r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const probePort = net.createServer();
  await new Promise<void>((r) => probePort.listen(0, "127.0.0.1", r));
  closedPort = (probePort.address() as AddressInfo).port;
  await new Promise<void>((r) => probePort.close(() => r()));
  silent = net.createServer((socket) => silentSockets.push(socket));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

const allow = { appOrigin: APP, allowHosts: ["127.0.0.1"] };

describe("framing probe", () => {
  it("refuses loopback and private addresses without the development allowlist, opening no socket", async () => {
    const before = seen.length;
    expect(await probeFraming(`${base}/deny`, { appOrigin: APP, allowHosts: [] })).toEqual(notChecked);
    expect(await probeFraming("http://10.1.2.3/", { appOrigin: APP, allowHosts: [] })).toEqual(notChecked);
    expect(await probeFraming(`http://localhost:${port}/deny`, { appOrigin: APP, allowHosts: [] })).toEqual(notChecked);
    expect(seen.length).toBe(before);
  });

  it("refuses IPv4-mapped loopback, however it is spelled, even with 127.0.0.1 allowlisted", async () => {
    const before = seen.length;
    for (const host of ["[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::1]", "0x7f.1", "2130706433", "127.1"]) {
      const allowHosts = host.startsWith("[") ? ["127.0.0.1"] : [];
      expect(await probeFraming(`http://${host}:${port}/deny`, { appOrigin: APP, allowHosts }), host).toEqual(notChecked);
    }
    expect(seen.slice(before)).toEqual([]);
  });

  it("reads the page's framing rules when allowed to ask", async () => {
    expect((await probeFraming(`${base}/`, allow)).framable).toBe(true);
    expect(await probeFraming(`${base}/deny`, allow)).toEqual({ framable: false, reason: "X-Frame-Options: DENY" });
    expect((await probeFraming(`${base}/csp-self`, allow)).framable).toBe(false);
    expect((await probeFraming(`${base}/csp-us`, allow)).framable).toBe(true);
    expect((await probeFraming(`${base}/redirect-deny`, allow)).framable).toBe(false);
  });

  it("checks every redirect hop: a public page may not bounce the probe into the private network", async () => {
    expect(await probeFraming(`${base}/redirect-private`, allow)).toEqual(notChecked);
    // From the allowlisted 127.0.0.1 to other spellings of loopback, which the allowlist does not name.
    for (const to of [
      "http://[::ffff:7f00:1]:PORT/deny",
      "http://[::ffff:127.0.0.1]:PORT/deny",
      "http://[::1]:PORT/deny",
      "http://localhost:PORT/deny",
      "http://0.0.0.0:PORT/deny",
    ]) {
      const before = seen.length;
      expect(await probeFraming(`${base}/hop?to=${encodeURIComponent(to)}`, allow), to).toEqual(notChecked);
      expect(seen.slice(before), to).toEqual([`/hop?to=${encodeURIComponent(to)}`]);
    }
    // An allowed hop is followed (the same server under the allowlisted name).
    expect(await probeFraming(`${base}/hop?to=${encodeURIComponent("http://0x7f.1:PORT/deny")}`, allow)).toEqual({
      framable: false,
      reason: "X-Frame-Options: DENY",
    });
  });

  it("tells the leader one generic reason for every failure, never the connection's error", async () => {
    const results = [
      await probeFraming(`http://127.0.0.1:${closedPort}/`, allow),
      await probeFraming(`http://127.0.0.1:${silentPort}/`, { ...allow, timeoutMs: 200 }),
      await probeFraming(`${base}/bad-location`, allow),
      await probeFraming(`${base}/hop?to=${encodeURIComponent("ftp://127.0.0.1/")}`, allow),
      await probeFraming(`${base}/hop?to=${encodeURIComponent("/hop?to=/hop%3Fto%3D/hop%253Fto%253D/hop")}`, allow),
      await probeFraming(`http://no-such-host.invalid/`, allow),
      await probeFraming("not a url", allow),
    ];
    for (const r of results) expect(r).toEqual(notChecked);
  });

  it("frames the app's own pages that allow only themselves, and asks them without the allowlist", async () => {
    const self = { appOrigin: base, allowHosts: [] };
    expect(await probeFraming(`${base}/csp-self`, self)).toEqual({ framable: true, reason: "no framing restriction" });
    expect(await probeFraming(`${base}/sameorigin`, self)).toEqual({ framable: true, reason: "no framing restriction" });
    expect((await probeFraming(`${base}/deny`, self)).framable).toBe(false);
  });

  it("classifies addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.8",
      "172.16.5.4",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "224.0.0.1",
    ]) {
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
