// The embed script as /embed.js serves it: within its size budget and free of what a strict
// Content Security Policy forbids.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GET } from "../../app/embed.js/route";
import { compileEmbed, EMBED_BUDGET_GZIP_BYTES } from "../../server/embed/script";

describe("embed.js", () => {
  it(`stays under ${EMBED_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const { code } = await compileEmbed();
    const gz = gzipSync(code, { level: 9 }).length;
    expect(code.length).toBeGreaterThan(1000); // the real script, not an empty build
    expect(gz).toBeLessThan(EMBED_BUDGET_GZIP_BYTES);
  });

  it("uses nothing a strict CSP blocks: no eval, no inline styles or scripts, no HTML strings", async () => {
    const { code } = await compileEmbed();
    expect(code).not.toMatch(/\beval\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(code).not.toMatch(/createElement\(["']style["']\)|createElement\(["']script["']\)/);
    expect(code).not.toMatch(/setAttribute\(["']style["']/);
    expect(code).not.toMatch(/setTimeout\(["']/);
    // A real button with text, opened from the click, carrying the page for the domain check.
    expect(code).toMatch(/["']button["']/);
    expect(code).toContain("window.open(");
    expect(code).toContain("?page=");
  });

  it("changes its ETag when the source changes", async () => {
    const a = await compileEmbed("console.log(1)");
    const b = await compileEmbed("console.log(2)");
    expect(a.etag).not.toBe(b.etag);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it("is served as cacheable cross-origin JavaScript, with a 304 for a matching ETag", async () => {
    const res = await GET(new Request("http://localhost/embed.js"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=300/);
    expect(await res.text()).toBe((await compileEmbed()).code);
    const etag = res.headers.get("etag")!;
    const again = await GET(new Request("http://localhost/embed.js", { headers: { "if-none-match": etag } }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});
