import { describe, expect, it } from "vitest";
import { localPath, sameSiteRedirect } from "../../lib/local-path";

const BASE = "http://local.invalid";
/** What a browser does with the value: resolve it against the page it is on. */
const landsOn = (path: string) => new URL(path, "https://isession.example/sign-in").origin;

describe("localPath (where sign-in sends you next)", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(localPath("/agent")).toBe("/agent");
    expect(localPath("/s/abc?join=monitor#end")).toBe("/s/abc?join=monitor#end");
    expect(localPath(["/manager", "/x"])).toBe("/manager");
  });

  it("returns the normalised path (dot segments resolved)", () => {
    expect(localPath("/a/../agent")).toBe("/agent");
    expect(localPath("/./dashboard/%2e/billing")).toBe("/dashboard/billing");
    expect(localPath("/reseller/clients/..//x")).toBe("/reseller//x");
  });

  it.each([
    ["another host", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash read as a slash", "/\\evil.example"],
    ["a tab the browser drops", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a relative path", "agent"],
    ["javascript:", "javascript:alert(1)"],
    ["nothing", undefined],
    ["a number", 42],
    // Dot segments that resolve to "//host": judged after normalisation, not before.
    ["/.//", "/.//evil.example"],
    ["/..//", "/..//evil.example"],
    ["/%2e//", "/%2e//evil.example"],
    ["/%2E//", "/%2E//evil.example"],
    ["/a/..//", "/a/..//evil.example"],
    ["/%2e%2e//", "/%2e%2e//x"],
    ["/%2E%2e//", "/%2E%2e//evil.example/path?q=1#h"],
    ["/a/%2e%2e//", "/a/%2e%2e//evil.example"],
    ["/a/b/../..//", "/a/b/../..//evil.example"],
    ["/;/..//", "/;/..//evil.example"],
    ["/.///", "/.///evil.example"],
    ["/..//..//", "/..//..//evil.example"],
    ["/././/", "/././/evil.example"],
  ])("refuses %s and falls back", (_what, value) => {
    expect(localPath(value)).toBe("/app");
    expect(localPath(value, "/dashboard")).toBe("/dashboard");
  });

  it("never returns a value a browser reads as another host", () => {
    const tricks = ["/", ".", "..", "%2e", "%2E", "%2e%2e", "a", "//", "/", "\\", ";", "%2f", "%5c", "?", "#"];
    for (const a of tricks)
      for (const b of tricks)
        for (const c of tricks) {
          const value = `/${a}${b}${c}evil.example`;
          const out = localPath(value);
          expect(out.startsWith("/") && !/^[/\\]{2}/.test(out), `${value} -> ${out}`).toBe(true);
          expect(landsOn(out), `${value} -> ${out}`).toBe("https://isession.example");
        }
  });
});

describe("sameSiteRedirect (next-auth's redirect callback)", () => {
  it("keeps our own paths and absolute URLs on our origin", () => {
    expect(sameSiteRedirect("/agent", BASE)).toBe(`${BASE}/agent`);
    expect(sameSiteRedirect(`${BASE}/s/abc?join=monitor`, BASE)).toBe(`${BASE}/s/abc?join=monitor`);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/.//evil.example",
    `${BASE}/.//evil.example`,
    "/%2e//evil.example",
    "javascript:alert(1)",
    "not a url",
  ])("sends %s to our own start page", (url) => {
    expect(sameSiteRedirect(url, BASE)).toBe(`${BASE}/app`);
  });
});
