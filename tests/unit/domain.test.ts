// Domain authentication for launchers (server/launchers/domain.ts): which referring pages may use
// an org's launcher. Look-alikes must fail; normal variations of a real host must pass.
import { describe, expect, it } from "vitest";
import {
  allowedDomainError,
  cleanReferrer,
  decideEntry,
  hostOf,
  isHostAllowed,
  isUrlAllowed,
  parseAllowedDomain,
} from "../../server/launchers/domain";

const ALLOWED = ["example.com", "*.shop.test", "127.0.0.1", "localhost"];
const allowed = (url: string, domains: string[] = ALLOWED) => isUrlAllowed(url, domains);

describe("parseAllowedDomain", () => {
  it.each([
    ["example.com", { kind: "exact", host: "example.com" }],
    ["  Example.COM  ", { kind: "exact", host: "example.com" }],
    ["example.com.", { kind: "exact", host: "example.com" }],
    ["*.example.com", { kind: "subdomains", host: "example.com" }],
    ["*.Example.com.", { kind: "subdomains", host: "example.com" }],
    ["localhost", { kind: "exact", host: "localhost" }],
    ["127.0.0.1", { kind: "exact", host: "127.0.0.1" }],
    ["::1", { kind: "exact", host: "[::1]" }],
    ["[::1]", { kind: "exact", host: "[::1]" }],
    ["bücher.de", { kind: "exact", host: "xn--bcher-kva.de" }],
    ["*.bücher.de", { kind: "subdomains", host: "xn--bcher-kva.de" }],
    ["xn--bcher-kva.de", { kind: "exact", host: "xn--bcher-kva.de" }],
  ])("accepts %j", (entry, rule) => {
    expect(parseAllowedDomain(entry)).toEqual(rule);
  });

  it.each([
    "",
    "   ",
    "*",
    "*.",
    "*.com", // a wildcard over a whole top-level domain
    "*.localhost",
    "*.0.0.1", // wildcards never cover IP addresses
    "*.127.0.0.1",
    "**.example.com",
    "*example.com",
    "ex*ample.com",
    "example.*",
    "*.*.example.com",
    "https://example.com",
    "http://example.com/",
    "example.com/path",
    "example.com:8080", // ports are not part of an entry
    "user@example.com",
    "example.com?x",
    "example.com#x",
    "exa mple.com",
    "example..com.",
    "example.com..",
    "\\\\example.com",
  ])("rejects %j", (entry) => {
    expect(parseAllowedDomain(entry)).toBeNull();
  });

  it("explains what is wrong with an entry", () => {
    expect(allowedDomainError("example.com")).toBeNull();
    expect(allowedDomainError("*.example.com")).toBeNull();
    expect(allowedDomainError("https://example.com")).toMatch(/without http/);
    expect(allowedDomainError("example.com/help")).toMatch(/without a path/);
    expect(allowedDomainError("*.com")).toMatch(/at least two parts/);
    expect(allowedDomainError("ex*.com")).toMatch(/\*\.example\.com/);
    expect(allowedDomainError("")).toMatch(/host name/);
    expect(allowedDomainError("exa mple.com")).toMatch(/not a valid host/);
  });
});

describe("exact hosts", () => {
  it("allow the host with any path, query, scheme or port", () => {
    expect(allowed("https://example.com/")).toBe(true);
    expect(allowed("http://example.com/pricing?plan=pro#faq")).toBe(true);
    expect(allowed("https://example.com:8443/x")).toBe(true);
    expect(allowed("http://localhost:3000/")).toBe(true);
    expect(allowed("http://127.0.0.1:49152/page")).toBe(true);
  });

  it("ignore case and one trailing dot", () => {
    expect(allowed("https://EXAMPLE.com/")).toBe(true);
    expect(allowed("https://Example.Com./")).toBe(true);
    expect(allowed("https://example.com../")).toBe(false);
  });

  it("do not cover subdomains", () => {
    expect(allowed("https://www.example.com/")).toBe(false);
    expect(allowed("https://evil.example.com/")).toBe(false);
  });

  it.each([
    "https://evil-example.com/",
    "https://example.com.evil.net/",
    "https://example.com-evil.net/",
    "https://example.co/",
    "https://example.comm/",
    "https://xexample.com/",
    "https://example.net/",
    "https://examp1e.com/",
    "https://exаmple.com/", // Cyrillic "а": punycode xn--exmple-4nf.com
    "https://example.com@evil.net/", // user info is not the host
    "https://example.com:pass@evil.net/",
    "https://evil.net/?ref=https://example.com/",
    "https://evil.net/example.com",
    "https://evil.net#example.com",
    "https://evil.net\\@example.com/", // "\" is "/" in http URLs: the host is evil.net
    "https://example.com%2eevil.net/",
    "https://127.0.0.2/",
    "https://127.0.0.1.evil.net/",
    "https://localhost.evil.net/",
    "https://evil.net/localhost",
  ])("refuse the look-alike %s", (url) => {
    expect(allowed(url)).toBe(false);
  });

  it("treat other spellings of the same IP as the same host", () => {
    expect(allowed("http://2130706433/")).toBe(true); // 127.0.0.1 as one number
    expect(allowed("http://0x7f.0.0.1/")).toBe(true);
    expect(allowed("http://127.1/")).toBe(true);
  });

  it("compare IDN hosts in punycode", () => {
    expect(allowed("https://bücher.de/", ["bücher.de"])).toBe(true);
    expect(allowed("https://xn--bcher-kva.de/", ["bücher.de"])).toBe(true);
    expect(allowed("https://BÜCHER.de/", ["xn--bcher-kva.de"])).toBe(true);
    expect(allowed("https://bucher.de/", ["bücher.de"])).toBe(false);
    expect(allowed("https://xn--bcher-kva.de.evil.net/", ["bücher.de"])).toBe(false);
  });

  it("treat full-width letters as the letters they stand for (IDNA mapping)", () => {
    expect(allowed("https://ｅｘａｍｐｌｅ.com/")).toBe(true);
  });

  it("handle IPv6", () => {
    expect(allowed("http://[::1]:3000/", ["::1"])).toBe(true);
    expect(allowed("http://[0:0:0:0:0:0:0:1]/", ["[::1]"])).toBe(true);
    expect(allowed("http://[::2]/", ["::1"])).toBe(false);
  });
});

describe("subdomain wildcards", () => {
  it("cover subdomains at any depth", () => {
    expect(allowed("https://a.shop.test/")).toBe(true);
    expect(allowed("https://a.b.shop.test/x")).toBe(true);
    expect(allowed("https://A.Shop.Test./")).toBe(true);
  });

  it("do not cover the apex itself (list it separately)", () => {
    expect(allowed("https://shop.test/")).toBe(false);
    expect(allowed("https://shop.test/", ["shop.test", "*.shop.test"])).toBe(true);
  });

  it.each([
    "https://evilshop.test/",
    "https://shop.test.evil.net/",
    "https://a.shop.test.evil.net/",
    "https://a-shop.test/",
    "https://.shop.test/",
    "https://shop.test@a.evil.net/",
  ])("refuse the look-alike %s", (url) => {
    expect(allowed(url)).toBe(false);
  });
});

describe("what never matches", () => {
  it.each([
    null,
    "",
    "not a url",
    "//example.com/",
    "example.com",
    "ftp://example.com/",
    "file:///etc/passwd",
    "javascript:alert(1)//example.com",
    "data:text/html,example.com",
    "chrome-extension://example.com/",
    "about:blank",
    "null",
  ])("%j", (url) => {
    expect(allowed(url as string)).toBe(false);
  });

  it("an empty allow list allows nothing, and invalid entries never match", () => {
    expect(allowed("https://example.com/", [])).toBe(false);
    expect(allowed("https://example.com/", ["https://example.com"])).toBe(false);
    expect(allowed("https://anything.com/", ["*"])).toBe(false);
    expect(allowed("https://evil.com/", ["*.com"])).toBe(false);
  });

  it("isHostAllowed takes a bare host", () => {
    expect(isHostAllowed("EXAMPLE.COM.", ALLOWED)).toBe(true);
    expect(isHostAllowed("evil-example.com", ALLOWED)).toBe(false);
  });
});

describe("hostOf and cleanReferrer", () => {
  it("hostOf is the normalised host of an http(s) URL", () => {
    expect(hostOf("https://User:pw@Example.COM.:8080/p?q#h")).toBe("example.com");
    expect(hostOf("mailto:a@example.com")).toBeNull();
  });

  it("cleanReferrer drops user info and fragment and caps the length", () => {
    expect(cleanReferrer(new URL("https://u:p@example.com/a?b=1#c"))).toBe("https://example.com/a?b=1");
    expect(cleanReferrer(new URL(`https://example.com/${"x".repeat(5000)}`))).toHaveLength(2048);
  });
});

describe("decideEntry: which claim counts", () => {
  const launcher = { allowedDomains: ["example.com", "*.example.com"], allowDirectVisits: false };
  const self = ["https://app.isession.test"];
  const decide = (referer: string | null, page: string | null, l = launcher) => decideEntry({ referer, page, selfOrigins: self }, l);

  it("uses the Referer when it is the only claim", () => {
    expect(decide("https://www.example.com/pricing", null)).toMatchObject({
      allowed: true,
      via: "referer",
      referrerUrl: "https://www.example.com/pricing",
      origin: "https://www.example.com",
      host: "www.example.com",
    });
  });

  it("uses the page parameter when it is the only claim, and checks its origin", () => {
    expect(decide(null, "https://example.com/help#top")).toMatchObject({
      allowed: true,
      via: "page",
      referrerUrl: "https://example.com/help",
    });
    expect(decide(null, "https://evil.net/")).toMatchObject({
      allowed: false,
      reason: "domain_not_allowed",
      origin: "https://evil.net",
      host: "evil.net",
    });
  });

  it("prefers the page parameter's full URL when both come from the same origin (cross-site Referers are origin-only)", () => {
    expect(decide("https://example.com/", "https://example.com/pricing/pro")).toMatchObject({
      allowed: true,
      via: "page",
      referrerUrl: "https://example.com/pricing/pro",
    });
  });

  it("lets the Referer win when the two disagree: a hostile page can't borrow an allowed page", () => {
    expect(decide("https://evil.net/", "https://example.com/")).toMatchObject({
      allowed: false,
      reason: "domain_not_allowed",
      host: "evil.net",
    });
    // and an allowed Referer isn't spoiled by a junk claim
    expect(decide("https://example.com/a", "https://evil.net/")).toMatchObject({
      allowed: true,
      via: "referer",
      referrerUrl: "https://example.com/a",
    });
    // another allowed origin in `page` is still a disagreement: the Referer's page is kept
    expect(decide("https://example.com/a", "https://shop.example.com/b")).toMatchObject({
      allowed: true,
      via: "referer",
      referrerUrl: "https://example.com/a",
    });
  });

  it("ignores a Referer from our own pages (sign-in callback, 'join again') and uses page", () => {
    expect(decide("https://app.isession.test/sign-in", "https://example.com/x")).toMatchObject({
      allowed: true,
      via: "page",
    });
    expect(decide("https://app.isession.test/l/abc", null)).toMatchObject({
      allowed: false,
      reason: "no_referrer",
    });
  });

  it("treats junk claims as absent", () => {
    expect(decide("garbage", null)).toMatchObject({ allowed: false, reason: "no_referrer" });
    expect(decide(null, "javascript:alert(1)")).toMatchObject({ allowed: false, reason: "no_referrer" });
    expect(decide(null, `https://example.com/${"x".repeat(3000)}`)).toMatchObject({
      allowed: false,
      reason: "no_referrer",
    });
  });

  it("lets direct visits in only when the launcher allows them", () => {
    expect(decide(null, null)).toEqual({
      allowed: false,
      reason: "no_referrer",
      referrerUrl: null,
      origin: null,
      host: null,
    });
    expect(decide(null, null, { ...launcher, allowDirectVisits: true })).toEqual({
      allowed: true,
      via: "direct",
      referrerUrl: null,
      origin: null,
      host: null,
    });
    // allowing direct visits doesn't let a disallowed site in
    expect(decide("https://evil.net/", null, { ...launcher, allowDirectVisits: true })).toMatchObject({
      allowed: false,
      reason: "domain_not_allowed",
    });
  });

  it("keeps no credentials from a referring URL", () => {
    const d = decide("https://user:secret@example.com/p", null);
    expect(d.referrerUrl).toBe("https://example.com/p");
    expect(d.origin).toBe("https://example.com");
  });
});
