import { describe, expect, it } from "vitest";
import { autolink, normalizeLeadUrl } from "../../lib/urls";

describe("normalizeLeadUrl", () => {
  const good: [string, string][] = [
    ["example.com", "https://example.com/"],
    ["www.example.com/pricing?x=1#top", "https://www.example.com/pricing?x=1#top"],
    ["http://example.com", "http://example.com/"],
    ["HTTPS://Example.COM/Path", "https://example.com/Path"],
    ["example.com:8080/x", "https://example.com:8080/x"],
    ["  https://example.com/a  ", "https://example.com/a"],
    ["http://localhost:3000/docs", "http://localhost:3000/docs"],
    ["http://127.0.0.1:4000/", "http://127.0.0.1:4000/"],
    ["//example.com/x", "https://example.com/x"],
    ["localhost:4000/docs", "http://localhost:4000/docs"],
    ["127.0.0.1:4000/plans", "http://127.0.0.1:4000/plans"],
  ];
  it.each(good)("accepts %s", (input, expected) => {
    expect(normalizeLeadUrl(input)).toEqual({ ok: true, url: expected });
  });

  const bad: [string, RegExp][] = [
    ["javascript:alert(1)", /Only web pages/],
    ["JavaScript:alert(1)", /Only web pages/],
    ["java\tscript:alert(1)", /spaces/],
    ["data:text/html,<script>alert(1)</script>", /Only web pages/],
    ["file:///etc/passwd", /Only web pages/],
    ["ftp://example.com/x", /Only web pages/],
    ["vbscript:msgbox", /Only web pages/],
    ["https://user:pass@example.com/", /user name or password/],
    ["https://user@example.com/", /user name or password/],
    ["", /Type a web address/],
    ["not a url", /spaces/],
    ["https://", /doesn't look like/],
    ["http://exa mple.com", /spaces/],
    ["intranet", /doesn't look like/],
  ];
  it.each(bad)("refuses %s", (input, error) => {
    const r = normalizeLeadUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

it("refuses an address over 2048 characters", () => {
  expect(normalizeLeadUrl(`https://${"a".repeat(2100)}.com`)).toEqual({ ok: false, error: expect.stringMatching(/too long/) });
});

describe("autolink", () => {
  it("links http and https only, keeping punctuation outside", () => {
    expect(autolink("see https://example.com/a, then http://x.test.")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.com/a", href: "https://example.com/a" },
      { kind: "text", text: ", then " },
      { kind: "link", text: "http://x.test", href: "http://x.test/" },
      { kind: "text", text: "." },
    ]);
  });

  it("never links other schemes or credentials, and leaves markup as text", () => {
    for (const t of ["javascript:alert(1)", "data:text/html,hi", "<a href=x>y</a>", "ftp://example.com"]) {
      expect(autolink(t).every((p) => p.kind === "text")).toBe(true);
    }
    expect(autolink("https://u:p@evil.test/").every((p) => p.kind === "text")).toBe(true);
  });
});
