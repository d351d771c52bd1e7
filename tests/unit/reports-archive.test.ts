// The archive explorer's pure pieces: the visitor filter's tsquery (never a syntax error, never a
// quote inside a lexeme), the list's lengths of time, and the transcript's text lines.
import { describe, expect, it } from "vitest";
import { formatSeconds } from "../../components/reports/archive/format";
import { visitorQuery } from "../../server/reports/archive/search";
import { localStamp, transcriptText, type Transcript } from "../../server/reports/archive/transcript";

describe("visitorQuery", () => {
  it("prefix-matches every word of a name or an email", () => {
    expect(visitorQuery("Ann Sm")).toBe("'ann':* & 'sm':*");
    expect(visitorQuery("ann@example.test")).toBe("'ann@example.test':*");
  });
  it("drops quotes, operators and punctuation, and answers null when no word is left", () => {
    expect(visitorQuery("o'brien & | ! (x)")).toBe("'o':* & 'brien':* & 'x':*");
    expect(visitorQuery("... -- !!")).toBeNull();
  });
});

describe("formatSeconds", () => {
  it("writes seconds, minutes and hours", () => {
    expect([formatSeconds(null), formatSeconds(42), formatSeconds(65), formatSeconds(3600 + 3 * 60 + 5)]).toEqual([
      "–",
      "42 s",
      "1 min 5 s",
      "1 h 03 min",
    ]);
  });
});

describe("transcriptText", () => {
  it("stamps each line in the org's zone (across a DST change) and marks private lines", () => {
    const t: Transcript = {
      session: {
        id: "s1",
        title: "",
        kind: "ONE_ON_ONE",
        startedAt: "2026-03-08T06:59:00.000Z",
        endedAt: "2026-03-08T07:01:00.000Z",
        endReason: "wrapped up",
        disposition: "RESOLVED",
        tags: ["vip"],
      },
      timeZone: "America/New_York",
      participants: [{ id: "p1", role: "VISITOR", name: "Ann", joinedAt: "2026-03-08T06:59:00.000Z", leftAt: null }],
      events: [
        { at: "2026-03-08T06:59:30.000Z", stream: "room", seq: 1, type: "chat", private: false, actor: "Ann", text: "hello", url: null },
        {
          at: "2026-03-08T07:00:30.000Z",
          stream: "prompt:a:b",
          seq: 1,
          type: "prompt",
          private: true,
          actor: "Mo",
          text: "say hi",
          url: null,
        },
        {
          at: "2026-03-08T07:00:40.000Z",
          stream: "room",
          seq: 2,
          type: "client-typing",
          private: false,
          actor: "Ann",
          text: null,
          url: null,
        },
      ],
    };
    const text = transcriptText(t);
    expect(text).toContain("[2026-03-08 01:59:30] Ann: hello");
    // 2 a.m. does not exist that night in New York: 07:00 UTC is 03:00 EDT.
    expect(text).toContain("[2026-03-08 03:00:30] Mo (prompt to the leader, private): say hi");
    expect(text).not.toContain("client-typing");
    expect(text).toContain("Outcome: RESOLVED · tags: vip");
    expect(localStamp(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toBe("2026-11-01 01:30:00");
  });
});
