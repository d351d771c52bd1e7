import { describe, expect, it } from "vitest";
import { clientIp } from "../../server/auth";
import { parseEnv } from "../../server/env";
import {
  CLIENT_ADDRESS_HEADER,
  clientDecider,
  isTrustedPeer,
  parseTrustedProxies,
  resolveClientAddress,
  trustedProxyEntryError,
} from "../../server/http/client-address";

const secrets = { NEXTAUTH_SECRET: "x".repeat(40), PUSHER_SECRET: "y".repeat(20) };

describe("clientIp (the address rate limits count)", () => {
  it("reads only the address our web server set, never X-Forwarded-For or X-Real-IP", () => {
    expect(clientIp(new Headers({ [CLIENT_ADDRESS_HEADER]: "192.0.2.10", "x-forwarded-for": "203.0.113.9" }))).toBe("192.0.2.10");
    expect(clientIp({ [CLIENT_ADDRESS_HEADER]: "192.0.2.10" })).toBe("192.0.2.10");
    expect(clientIp(new Headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.9", "x-real-ip": "198.51.100.7" }))).toBe("unknown");
    expect(clientIp(undefined)).toBe("unknown");
  });
});

describe("resolveClientAddress (TRUSTED_PROXIES)", () => {
  it("with no trusted proxies, is the socket's address whatever the header says", () => {
    const none = parseTrustedProxies("");
    expect(resolveClientAddress("127.0.0.1", "203.0.113.9", none)).toBe("127.0.0.1");
    expect(resolveClientAddress("::ffff:192.0.2.4", "203.0.113.9", none)).toBe("192.0.2.4");
    expect(resolveClientAddress("2001:db8::1", undefined, none)).toBe("2001:db8::1");
    expect(resolveClientAddress(undefined, "203.0.113.9", none)).toBeNull();
  });

  it("believes X-Forwarded-For only from a trusted peer, walking right to left past trusted hops", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, ::1");
    // Our proxy (10.0.0.5) appended the client 203.0.113.9; the client forged 1.1.1.1 before it.
    expect(resolveClientAddress("10.0.0.5", "1.1.1.1, 203.0.113.9", trusted)).toBe("203.0.113.9");
    // Two trusted hops (CDN edge in 10/8, then the load balancer) are skipped.
    expect(resolveClientAddress("::ffff:10.0.0.5", "1.1.1.1, 203.0.113.9, 10.1.2.3", trusted)).toBe("203.0.113.9");
    expect(resolveClientAddress("::1", "198.51.100.2", trusted)).toBe("198.51.100.2");
    // An untrusted peer's header is ignored.
    expect(resolveClientAddress("192.0.2.50", "203.0.113.9", trusted)).toBe("192.0.2.50");
    // A trusted peer that sent no header, or a chain of trusted hops only, gives the last address seen.
    expect(resolveClientAddress("10.0.0.5", undefined, trusted)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "10.9.9.9", trusted)).toBe("10.9.9.9");
    // Garbage in the chain stops the walk at the last real address.
    expect(resolveClientAddress("10.0.0.5", "203.0.113.9, not-an-ip", trusted)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "1.1.1.1, [2001:db8::7]", trusted)).toBe("2001:db8::7");
  });

  it("decides per (peer, X-Forwarded-For) as resolveClientAddress does, asked again or not", () => {
    const pairs: [string | undefined, string | undefined][] = [
      ["10.0.0.5", "1.1.1.1, 203.0.113.9"],
      ["10.0.0.5", "1.1.1.1, 198.51.100.2"],
      ["10.0.0.5", undefined],
      ["192.0.2.50", "203.0.113.9"],
      ["192.0.2.50", "198.51.100.2"],
      ["::ffff:10.0.0.5", "203.0.113.9, not-an-ip"],
      [undefined, "203.0.113.9"],
    ];
    for (const list of ["10.0.0.0/8, ::1", ""]) {
      const trusted = parseTrustedProxies(list);
      const decide = clientDecider(trusted);
      for (let round = 0; round < 2; round++) {
        for (const [peer, xff] of pairs) {
          expect(decide(peer, xff), `${list} ${peer} ${xff}`).toEqual({
            client: resolveClientAddress(peer, xff, trusted),
            trustedPeer: isTrustedPeer(peer, trusted),
          });
        }
      }
    }
    // The remembered decision of one header is not another's.
    const decide = clientDecider(parseTrustedProxies("10.0.0.0/8"));
    expect(decide("10.0.0.5", "203.0.113.9").client).toBe("203.0.113.9");
    expect(decide("10.0.0.5", "198.51.100.2").client).toBe("198.51.100.2");
  });

  it("matches single addresses and IPv4-mapped ranges", () => {
    const trusted = parseTrustedProxies("192.0.2.1,::ffff:172.16.0.0/108");
    expect(isTrustedPeer("192.0.2.1", trusted)).toBe(true);
    expect(isTrustedPeer("192.0.2.2", trusted)).toBe(false);
    expect(isTrustedPeer("172.16.3.4", trusted)).toBe(true);
    expect(isTrustedPeer("::ffff:172.16.3.4", trusted)).toBe(true);
    expect(isTrustedPeer("172.32.0.1", trusted)).toBe(false);
  });

  it("is validated in server/env.ts: a list of IPs or CIDRs, empty by default", () => {
    expect(parseEnv({ DATA_DIR: "/tmp", ...secrets }).TRUSTED_PROXIES).toBe("");
    expect(parseEnv({ DATA_DIR: "/tmp", ...secrets, TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).TRUSTED_PROXIES).toBe("10.0.0.0/8, ::1");
    expect(() => parseEnv({ DATA_DIR: "/tmp", ...secrets, TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).toThrow(/proxy\.internal/);
    expect(trustedProxyEntryError("10.0.0.0/33")).not.toBeNull();
  });
});
