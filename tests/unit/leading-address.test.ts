// Address classification for the framing probe and lead targets: every spelling of loopback,
// private, link-local and reserved addresses we could think of is refused, and public addresses
// (including public IPv4 reached through IPv6 translation) stay allowed. URL spellings go through
// `new URL`, as they do in the app, so odd IPv4 forms are judged after WHATWG normalisation.
import { describe, expect, it } from "vitest";
import { addressRange, hostAllowed, isLocalName, isPrivateAddress, isPublicAddress } from "../../server/leading/address";
import { assertLeadTarget, type LeadTargetRule } from "../../server/leading/lead-target";
import { AppError } from "../../server/errors";

/** URL spellings (scheme and path added here) and the address new URL makes of them. */
const PRIVATE_URL_HOSTS: [string, string][] = [
  // IPv4 loopback in decimal, octal, hex, short and integer forms
  ["127.0.0.1", "127.0.0.1"],
  ["127.1", "127.0.0.1"],
  ["127.0.1", "127.0.0.1"],
  ["0x7f.1", "127.0.0.1"],
  ["0x7f000001", "127.0.0.1"],
  ["0x7F.0x0.0x0.0x1", "127.0.0.1"],
  ["2130706433", "127.0.0.1"],
  ["017700000001", "127.0.0.1"],
  ["0177.0.0.1", "127.0.0.1"],
  ["0177.0000.0000.0001", "127.0.0.1"],
  ["127.000.000.001", "127.0.0.1"],
  ["127.0.0.1.", "127.0.0.1"],
  ["127.255.255.254", "127.255.255.254"],
  ["%31%32%37.0.0.1", "127.0.0.1"],
  ["１２７.０.０.１", "127.0.0.1"], // full-width digits
  // "this host"
  ["0", "0.0.0.0"],
  ["0.0.0.0", "0.0.0.0"],
  ["0x0", "0.0.0.0"],
  ["0.1.2.3", "0.1.2.3"],
  // RFC 1918 and friends
  ["10.0.0.1", "10.0.0.1"],
  ["012.0.0.1", "10.0.0.1"],
  ["0xa.1", "10.0.0.1"],
  ["167772161", "10.0.0.1"],
  ["172.16.0.1", "172.16.0.1"],
  ["172.31.255.255", "172.31.255.255"],
  ["0xac100001", "172.16.0.1"],
  ["192.168.0.1", "192.168.0.1"],
  ["0xc0a80001", "192.168.0.1"],
  ["3232235521", "192.168.0.1"],
  ["192.168.1", "192.168.0.1"],
  // link-local (cloud metadata), carrier-grade NAT, reserved, documentation, benchmarking, multicast, broadcast
  ["169.254.169.254", "169.254.169.254"],
  ["0xa9fea9fe", "169.254.169.254"],
  ["2852039166", "169.254.169.254"],
  ["100.64.0.1", "100.64.0.1"],
  ["100.127.255.255", "100.127.255.255"],
  ["192.0.0.1", "192.0.0.1"],
  ["192.0.2.1", "192.0.2.1"],
  ["192.88.99.1", "192.88.99.1"],
  ["198.18.0.1", "198.18.0.1"],
  ["198.19.255.255", "198.19.255.255"],
  ["198.51.100.7", "198.51.100.7"],
  ["203.0.113.9", "203.0.113.9"],
  ["224.0.0.1", "224.0.0.1"],
  ["239.255.255.250", "239.255.255.250"],
  ["240.0.0.1", "240.0.0.1"],
  ["255.255.255.255", "255.255.255.255"],
  // IPv6 loopback and unspecified, compressed and expanded
  ["[::1]", "[::1]"],
  ["[0:0:0:0:0:0:0:1]", "[::1]"],
  ["[0000:0000:0000:0000:0000:0000:0000:0001]", "[::1]"],
  ["[::]", "[::]"],
  ["[0:0:0:0:0:0:0:0]", "[::]"],
  // IPv4-mapped (the two spellings) and IPv4-compatible
  ["[::ffff:127.0.0.1]", "[::ffff:7f00:1]"],
  ["[::ffff:7f00:1]", "[::ffff:7f00:1]"],
  ["[0:0:0:0:0:ffff:7f00:1]", "[::ffff:7f00:1]"],
  ["[::FFFF:7F00:0001]", "[::ffff:7f00:1]"],
  ["[::ffff:10.0.0.1]", "[::ffff:a00:1]"],
  ["[::ffff:a9fe:a9fe]", "[::ffff:a9fe:a9fe]"],
  ["[::ffff:0.0.0.0]", "[::ffff:0:0]"],
  ["[::127.0.0.1]", "[::7f00:1]"],
  ["[::7f00:1]", "[::7f00:1]"],
  ["[::10.0.0.1]", "[::a00:1]"],
  ["[::8.8.8.8]", "[::808:808]"], // IPv4-compatible is deprecated: refused whatever it embeds
  ["[::ffff:0:7f00:1]", "[::ffff:0:7f00:1]"], // IPv4-translated (RFC 6145)
  // NAT64 (well-known and local-use prefixes), 6to4, Teredo with a private inside
  ["[64:ff9b::127.0.0.1]", "[64:ff9b::7f00:1]"],
  ["[64:ff9b::7f00:1]", "[64:ff9b::7f00:1]"],
  ["[64:ff9b::a00:1]", "[64:ff9b::a00:1]"],
  ["[64:ff9b::a9fe:a9fe]", "[64:ff9b::a9fe:a9fe]"],
  ["[64:ff9b:1::808:808]", "[64:ff9b:1::808:808]"],
  ["[2002:7f00:1::1]", "[2002:7f00:1::1]"],
  ["[2002:a00:1::]", "[2002:a00:1::]"],
  ["[2002:c0a8:101::1]", "[2002:c0a8:101::1]"],
  ["[2002:a9fe:a9fe::]", "[2002:a9fe:a9fe::]"],
  ["[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]"], // client 127.0.0.1
  ["[2001:0:a00:1::f7f7:f7f7]", "[2001:0:a00:1::f7f7:f7f7]"], // server 10.0.0.1
  // link-local, site-local, unique local, multicast, discard, documentation, benchmarking, ORCHID, SRv6, unassigned
  ["[fe80::1]", "[fe80::1]"],
  ["[febf:ffff::1]", "[febf:ffff::1]"],
  ["[fec0::1]", "[fec0::1]"],
  ["[fc00::1]", "[fc00::1]"],
  ["[fd12:3456:789a::1]", "[fd12:3456:789a::1]"],
  ["[ff02::1]", "[ff02::1]"],
  ["[ff05::1:3]", "[ff05::1:3]"],
  ["[100::1]", "[100::1]"],
  ["[2001:db8::1]", "[2001:db8::1]"],
  ["[3fff::1]", "[3fff::1]"],
  ["[2001:2::1]", "[2001:2::1]"],
  ["[2001:10::1]", "[2001:10::1]"],
  ["[2001:20::1]", "[2001:20::1]"],
  ["[2001:1::1]", "[2001:1::1]"],
  ["[5f00::1]", "[5f00::1]"],
  ["[4000::1]", "[4000::1]"],
  ["[::2]", "[::2]"],
];

const PUBLIC_URL_HOSTS: [string, string][] = [
  ["8.8.8.8", "8.8.8.8"],
  ["0x08080808", "8.8.8.8"],
  ["134744072", "8.8.8.8"],
  ["1.1.1.1", "1.1.1.1"],
  ["93.184.216.34", "93.184.216.34"],
  ["11.0.0.1", "11.0.0.1"],
  ["172.15.255.255", "172.15.255.255"],
  ["172.32.0.1", "172.32.0.1"],
  ["192.169.0.1", "192.169.0.1"],
  ["100.63.255.255", "100.63.255.255"],
  ["100.128.0.1", "100.128.0.1"],
  ["169.253.1.1", "169.253.1.1"],
  ["223.255.255.254", "223.255.255.254"],
  ["[2606:4700:4700::1111]", "[2606:4700:4700::1111]"],
  ["[2001:4860:4860::8888]", "[2001:4860:4860::8888]"],
  ["[2a00:1450:4001:82a::200e]", "[2a00:1450:4001:82a::200e]"],
  // public IPv4 reached through mapping or translation
  ["[::ffff:8.8.8.8]", "[::ffff:808:808]"],
  ["[64:ff9b::8.8.8.8]", "[64:ff9b::808:808]"],
  ["[2002:808:808::1]", "[2002:808:808::1]"],
  ["[2001:0:4136:e378:8000:63bf:f7f7:f7f7]", "[2001:0:4136:e378:8000:63bf:f7f7:f7f7]"], // server 65.54.227.120, client 8.8.8.8
];

describe("address classification", () => {
  it.each(PRIVATE_URL_HOSTS)("refuses http://%s/ (%s after new URL)", (spelling, normalised) => {
    const host = new URL(`http://${spelling}:8080/x`).hostname;
    expect(host).toBe(normalised);
    expect(isPrivateAddress(host), `${spelling}: ${addressRange(host)}`).toBe(true);
    expect(isPublicAddress(host)).toBe(false);
  });

  it.each(PUBLIC_URL_HOSTS)("allows http://%s/ (%s after new URL)", (spelling, normalised) => {
    const host = new URL(`http://${spelling}/`).hostname;
    expect(host).toBe(normalised);
    expect(addressRange(host)).toBe("unicast");
    expect(isPrivateAddress(host)).toBe(false);
  });

  it("judges what DNS returns, and odd spellings handed to it directly", () => {
    for (const a of [
      "127.0.0.1",
      "::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "fe80::1%eth0",
      "fe80::1%2",
      "::127.0.0.1",
      "0x7f.1",
      "2130706433",
      "10.1.2.3",
      "fd00::5",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34"]) expect(isPublicAddress(a), a).toBe(true);
  });

  it("names the range, with what an IPv6 translation address carries", () => {
    expect(addressRange("::ffff:7f00:1")).toBe("ipv4Mapped/loopback");
    expect(addressRange("64:ff9b::a00:1")).toBe("rfc6052/private");
    expect(addressRange("2002:a9fe:a9fe::")).toBe("6to4/linkLocal");
    expect(addressRange("64:ff9b:1::808:808")).toBe("rfc6052/unknown");
    expect(addressRange("::7f00:1")).toBe("unassigned");
    expect(addressRange("fe80::1%eth0")).toBe("scoped");
    expect(addressRange("example.com")).toBe("invalid");
    expect(addressRange("")).toBe("invalid");
  });

  it("treats anything that is not an address as not public", () => {
    for (const a of ["", "localhost", "example.com", "1.2.3.4.5", "::g", "[::1"]) expect(isPublicAddress(a), a).toBe(false);
  });
});

describe("local names and the allowlist", () => {
  it("knows names that only mean something locally", () => {
    for (const h of [
      "localhost",
      "LOCALHOST",
      "localhost.",
      "app.localhost",
      "a.b.localhost",
      "printer.local",
      "router.home.arpa",
      "db.internal",
    ]) {
      expect(isLocalName(h), h).toBe(true);
    }
    for (const h of ["example.com", "localhost.example.com", "notlocalhost.com", "local.example", "internal.example.org"]) {
      expect(isLocalName(h), h).toBe(false);
    }
  });

  it("matches allowlisted hosts whatever their case, brackets or trailing dot", () => {
    expect(hostAllowed("LocalHost.", ["localhost"])).toBe(true);
    expect(hostAllowed("[::1]", [" ::1 "])).toBe(true);
    expect(hostAllowed("::1", ["[::1]"])).toBe(true);
    expect(hostAllowed("[::ffff:7f00:1]", ["127.0.0.1"])).toBe(false);
    expect(hostAllowed("127.0.0.1", [])).toBe(false);
  });
});

describe("lead targets (followers' browsers)", () => {
  const lookups: Record<string, string[]> = {
    "public.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "rebind.example": ["93.184.216.34", "127.0.0.1"],
    "localtest.example": ["127.0.0.1"],
    "intranet.example": ["10.20.30.40"],
    "v6only.example": ["fd00::8"],
    "mapped.example": ["::ffff:192.168.0.10"],
  };
  const rule: LeadTargetRule = {
    appOrigin: "http://localhost:3000",
    allowHosts: ["dev.test"],
    lookup: (h) => Promise.resolve(lookups[h] ?? []),
  };
  const refused = async (url: string) => {
    const e = await assertLeadTarget(url, rule).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e, url).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("BAD_REQUEST");
    expect((e as AppError).details).toEqual({ reason: "private_target" });
    expect((e as AppError).message).toMatch(/private network or this computer/);
  };

  it("refuses loopback, private and reserved literals in every spelling", async () => {
    for (const [spelling] of PRIVATE_URL_HOSTS) await refused(new URL(`http://${spelling}:8080/x`).toString());
  });

  it("refuses localhost, *.localhost and other local-only names", async () => {
    for (const url of [
      "http://localhost/",
      "http://localhost:8080/",
      "http://LOCALHOST./",
      "https://app.localhost/",
      "http://printer.local/",
      "http://nas.home.arpa/",
      "http://db.internal/",
    ])
      await refused(url);
  });

  it("refuses names that resolve to a private address here (any of them)", async () => {
    for (const url of [
      "https://rebind.example/",
      "http://localtest.example:8080/",
      "https://intranet.example/",
      "https://v6only.example/",
      "https://mapped.example/",
    ])
      await refused(url);
  });

  it("allows public addresses and names, and names that do not resolve here", async () => {
    for (const url of [
      "https://public.example/",
      "https://unknown.example/",
      ...PUBLIC_URL_HOSTS.map(([h]) => new URL(`http://${h}/`).toString()),
    ]) {
      await expect(assertLeadTarget(url, rule), url).resolves.toBeUndefined();
    }
  });

  it("allows the app's own origin, and only that origin, without the allowlist", async () => {
    await expect(assertLeadTarget("http://localhost:3000/pricing", rule)).resolves.toBeUndefined();
    await refused("http://localhost:3001/");
    await refused("https://localhost:3000/");
  });

  it("allows hosts the development allowlist names", async () => {
    const dev: LeadTargetRule = { ...rule, allowHosts: ["127.0.0.1", "dev.test"], lookup: () => Promise.resolve(["127.0.0.1"]) };
    await expect(assertLeadTarget("http://127.0.0.1:4000/", dev)).resolves.toBeUndefined();
    await expect(assertLeadTarget("http://dev.test/", dev)).resolves.toBeUndefined();
    // The allowlist names hosts as written: another spelling of the same address is not on it.
    const e = await assertLeadTarget("http://[::ffff:7f00:1]:4000/", dev).catch((x: unknown) => x);
    expect((e as AppError).details).toEqual({ reason: "private_target" });
  });
});
