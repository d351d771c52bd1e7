import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ScenarioBanner } from "../../components/viewer/scenario-banner";
import { safeBannerUrl, visitorBanner } from "../../lib/banner";

describe("banner links shown to visitors", () => {
  it("links only absolute http(s) URLs without credentials", () => {
    expect(safeBannerUrl("https://example.com/help")).toBe("https://example.com/help");
    expect(safeBannerUrl("http://example.com")).toBe("http://example.com/");
    for (const bad of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "/relative",
      "//evil.example/x",
      "example.com/help",
      "https://user:pw@example.com/",
      "https://exa mple.com/",
      42,
      null,
    ]) {
      expect(safeBannerUrl(bad), String(bad)).toBeNull();
    }
  });

  it("keeps the text as text and drops links without a label or a safe URL", () => {
    expect(
      visitorBanner({
        text: " <img src=x onerror=alert(1)> ",
        links: [
          { label: "Help", url: "https://example.com/help" },
          { label: "X", url: "javascript:alert(1)" },
          { label: " ", url: "https://example.com/" },
          "nonsense",
        ],
      }),
    ).toEqual({ text: "<img src=x onerror=alert(1)>", links: [{ label: "Help", url: "https://example.com/help" }] });
  });

  it("is null when there is nothing to show, whatever was stored", () => {
    for (const stored of [null, undefined, {}, [], "text", { text: "  " }, { links: [{ label: "X", url: "javascript:x" }] }]) {
      expect(visitorBanner(stored)).toBeNull();
    }
  });

  it("shows at most five links and caps long text", () => {
    const links = Array.from({ length: 8 }, (_, i) => ({ label: `L${i}`, url: `https://example.com/${i}` }));
    const b = visitorBanner({ text: "x".repeat(1000), links })!;
    expect(b.links).toHaveLength(5);
    expect(b.text).toHaveLength(300);
  });
});

describe("ScenarioBanner", () => {
  const banner = {
    text: "<script>alert(1)</script> Closed Friday",
    links: [{ label: "Hours <b>", url: "https://example.com/hours" }],
  };
  for (const variant of ["bar", "card"] as const) {
    it(`renders text as text and links in a new tab without opener or referrer (${variant})`, () => {
      const html = renderToStaticMarkup(createElement(ScenarioBanner, { banner, variant }));
      expect(html).not.toContain("<script>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Closed Friday");
      expect(html).toContain("Hours &lt;b&gt;");
      expect(html).toMatch(/<a [^>]*href="https:\/\/example\.com\/hours"[^>]*target="_blank"[^>]*rel="noopener noreferrer"/);
    });
  }

  it("renders nothing without a banner", () => {
    expect(renderToStaticMarkup(createElement(ScenarioBanner, { banner: null }))).toBe("");
  });
});
