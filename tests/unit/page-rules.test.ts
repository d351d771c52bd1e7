// Page rules (server/launchers/page-rules.ts): the pattern syntax and "first match by position wins".
import { describe, expect, it } from "vitest";
import { globMatch, pageMatches, pagePatternError, pickPageRule } from "../../server/launchers/page-rules";

describe("globMatch", () => {
  it.each([
    ["", "", true],
    ["*", "", true],
    ["*", "anything/at/all", true],
    ["abc", "abc", true],
    ["abc", "abcd", false],
    ["a*c", "abbbc", true],
    ["a*c", "ab", false],
    ["*c", "abc", true],
    ["a*", "a", true],
    ["a*b*c", "a-b-c", true],
    ["a*b*c", "a-c-b", false],
    ["a.c", "abc", false], // no regex: "." is a dot
    ["a+b", "a+b", true],
    ["(x)", "(x)", true],
    ["[ab]", "a", false],
  ])("%j vs %j -> %s", (p, t, expected) => {
    expect(globMatch(p, t)).toBe(expected);
  });

  it("stays fast on patterns that make regexes backtrack for ever", () => {
    const text = "a".repeat(2000);
    const start = process.hrtime.bigint();
    expect(globMatch("*a*a*a*a*a*a*a*a*a*b", text)).toBe(false);
    // Not a timing assertion on the code's speed class, just a guard against hanging the suite.
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(5);
  });
});

describe("pageMatches", () => {
  const url = "https://Shop.Example.com/Pricing/Pro?plan=team&utm=x#faq";

  it("path patterns start with / and ignore the query unless they contain ?", () => {
    expect(pageMatches("/pricing/pro", url)).toBe(true);
    expect(pageMatches("/pricing*", url)).toBe(true);
    expect(pageMatches("/pricing", url)).toBe(false);
    expect(pageMatches("/pricing/", "https://example.com/pricing/")).toBe(true);
    expect(pageMatches("/*", url)).toBe(true);
    expect(pageMatches("/", "https://example.com/")).toBe(true);
    expect(pageMatches("/", url)).toBe(false);
    expect(pageMatches("/pricing/pro?plan=team*", url)).toBe(true);
    expect(pageMatches("/pricing/pro?plan=solo*", url)).toBe(false);
    expect(pageMatches("*?*utm=x*", url)).toBe(true);
  });

  it("full-URL patterns contain ://", () => {
    expect(pageMatches("https://shop.example.com/*", url)).toBe(true);
    expect(pageMatches("http://shop.example.com/*", url)).toBe(false);
    expect(pageMatches("*://shop.example.com/pricing/*", url)).toBe(true);
    expect(pageMatches("https://*.example.com/*", url)).toBe(true);
    expect(pageMatches("https://example.com/*", url)).toBe(false);
    expect(pageMatches("https://shop.example.com:8443/*", "https://shop.example.com:8443/x")).toBe(true);
  });

  it("host patterns match any scheme; a host alone covers the whole site", () => {
    expect(pageMatches("shop.example.com", url)).toBe(true);
    expect(pageMatches("shop.example.com/pricing/*", url)).toBe(true);
    expect(pageMatches("*.example.com", url)).toBe(true);
    expect(pageMatches("example.com", url)).toBe(false);
    expect(pageMatches("shop.example.com/help*", url)).toBe(false);
  });

  it("ignores case and the fragment, and decodes the path", () => {
    expect(pageMatches("/PRICING/PRO", url)).toBe(true);
    expect(pageMatches("/pricing/pro#faq", url)).toBe(false);
    expect(pageMatches("/café*", "https://example.com/caf%C3%A9/menu")).toBe(true);
    expect(pageMatches("/search?q=red shoes", "https://example.com/search?q=red+shoes")).toBe(true);
  });

  it("a run of stars is one star; empty and over-long patterns never match", () => {
    expect(pageMatches("/**/pro", url)).toBe(true);
    expect(pageMatches("", url)).toBe(false);
    expect(pageMatches("   ", url)).toBe(false);
    expect(pageMatches(`/${"x".repeat(600)}`, url)).toBe(false);
  });

  it("no referring page, or a broken one, matches nothing", () => {
    expect(pageMatches("*", null)).toBe(false);
    expect(pageMatches("*", "not a url")).toBe(false);
  });
});

describe("pickPageRule", () => {
  const rules = [
    { position: 2, urlPattern: "/pricing*", scenarioId: "sales" },
    { position: 0, urlPattern: "/pricing/enterprise*", scenarioId: "enterprise" },
    { position: 1, urlPattern: "support.example.com", scenarioId: "support" },
    { position: 3, urlPattern: "*", scenarioId: "fallback" },
  ];

  it("tries rules in position order; the first match wins", () => {
    expect(pickPageRule(rules, "https://example.com/pricing/enterprise")?.scenarioId).toBe("enterprise");
    expect(pickPageRule(rules, "https://example.com/pricing")?.scenarioId).toBe("sales");
    expect(pickPageRule(rules, "https://support.example.com/pricing")?.scenarioId).toBe("support");
    expect(pickPageRule(rules, "https://example.com/blog")?.scenarioId).toBe("fallback");
  });

  it("returns null when nothing matches or there is no referring page", () => {
    expect(pickPageRule(rules.slice(0, 3), "https://example.com/blog")).toBeNull();
    expect(pickPageRule(rules, null)).toBeNull();
    expect(pickPageRule([], "https://example.com/")).toBeNull();
  });
});

describe("pagePatternError", () => {
  it("accepts the documented forms and explains the rest", () => {
    for (const p of ["/pricing*", "https://shop.example.com/*", "*.example.com/help/*", "shop.example.com", "/search?q=*"]) {
      expect(pagePatternError(p), p).toBeNull();
    }
    expect(pagePatternError("")).toMatch(/Enter a page pattern/);
    expect(pagePatternError("/a b")).toMatch(/spaces/);
    expect(pagePatternError("/faq#top")).toMatch(/fragment/);
    expect(pagePatternError(`/${"x".repeat(600)}`)).toMatch(/under 500/);
  });
});
