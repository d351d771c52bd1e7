// The usage and trends views render on the server (as the pages do) with data and with none: every
// figure's table is in the markup beside its chart, the heatmap draws 7 x 24 cells, and empty
// ranges say so instead of showing blank boxes.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrendsView } from "../../components/reports/trends/trends-view";
import { UsageView } from "../../components/reports/usage/usage-view";
import type { TrendsReport } from "../../server/reports/trends/report";
import type { UsageReport } from "../../server/reports/usage/report";

const heatmap = Array.from({ length: 168 }, (_, i) => ({
  weekday: Math.floor(i / 24) + 1,
  hour: i % 24,
  sessions: i === 4 * 24 + 9 ? 2 : 0,
}));
const usage: UsageReport = {
  range: { fromDay: "2026-03-01", toDay: "2026-03-09", timeZone: "America/New_York", days: 9 },
  totals: { sessions: 2, visitorMinutes: 23, handleMinutes: 25 },
  agents: [
    {
      membershipId: "m1",
      name: "Agent One",
      sessions: 2,
      handleMinutes: 25,
      avgHandleMinutes: 12.5,
      visitorMinutes: 23,
      avgFirstReplySeconds: 60,
      peakSessions: 2,
      ratingAnswers: 0,
      avgStars: null,
      thumbsUpPercent: null,
    },
  ],
  heatmap,
  launchers: [{ key: "l1", label: "Spring campaign", count: 2, visitorMinutes: 23 }],
  scenarios: [{ key: "s1", label: "One on one", count: 2, visitorMinutes: 23 }],
  pages: [
    {
      key: "https://shop.example.test/pricing",
      label: "https://shop.example.test/pricing",
      count: 2,
      visitorMinutes: 0,
    },
  ],
  ledTo: [],
  subjects: [{ term: "enterprise", count: 2 }],
};

describe("usage view", () => {
  it("shows each figure with its table, the heatmap's cells and an empty state", () => {
    const html = renderToStaticMarkup(createElement(UsageView, { report: usage }));
    for (const text of [
      "Agents",
      "Agent One",
      "12.5",
      "Sessions by hour of week",
      "Spring campaign",
      "https://shop.example.test/pricing",
      "enterprise",
    ]) {
      expect(html).toContain(text);
    }
    expect(html.match(/<rect /g)?.length).toBe(168);
    expect(html).toContain("Fri 9:00: 2 sessions");
    expect(html).toContain("No data in this range.");
  });

  it("an empty range: every card says there is nothing, no heatmap", () => {
    const empty: UsageReport = {
      ...usage,
      totals: { sessions: 0, visitorMinutes: 0, handleMinutes: 0 },
      agents: [],
      heatmap: heatmap.map((c) => ({ ...c, sessions: 0 })),
      launchers: [],
      scenarios: [],
      pages: [],
      subjects: [],
    };
    const html = renderToStaticMarkup(createElement(UsageView, { report: empty }));
    expect(html.match(/No data in this range\./g)?.length).toBe(7);
    expect(html).not.toContain("<rect ");
  });
});

describe("trends view", () => {
  it("labels new and rising terms and week-over-week change", () => {
    const report: TrendsReport = {
      range: {
        fromDay: "2026-03-02",
        toDay: "2026-03-15",
        timeZone: "UTC",
        previousFromDay: "2026-02-16",
        previousToDay: "2026-03-01",
      },
      source: "all",
      weeks: ["2026-03-02", "2026-03-09"],
      topTerms: [{ week: "2026-03-02", rank: 1, term: "enterprise", count: 3 }],
      rising: [
        { term: "enterprise", count: 3, previous: 0, changePct: null },
        { term: "pricing", count: 3, previous: 1, changePct: 200 },
      ],
      pages: [
        {
          key: "https://shop.example.test/pricing",
          total: 1,
          weeks: [
            { week: "2026-03-02", count: 1, previous: 0, changePct: null },
            { week: "2026-03-09", count: 0, previous: 1, changePct: -100 },
          ],
        },
      ],
      referrers: [],
    };
    const html = renderToStaticMarkup(createElement(TrendsView, { report: report }));
    for (const text of ["Rising terms", ">new<", "+200%", "-100%", "Top terms per week", "Pages of interest", "Referrers"])
      expect(html).toContain(text);
  });
});
