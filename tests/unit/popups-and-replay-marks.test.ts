// Issue 17: a pop-up on the followers' side (blocked or opened, never moving the shared view) and
// the marks the replay shows at a step (those of the ~4 s before it, faded as they were live).
import { describe, expect, it } from "vitest";
import { marksAt } from "../../components/viewer/annotations/replay-marks";
import { tryOpenWindow } from "../../components/viewer/annotations/use-popups";
import { deriveSessionState } from "../../components/viewer/session-state";
import type { SessionViewData } from "../../components/viewer/types";
import type { WireEvent } from "../../lib/session-events";

const initial = {
  session: { leaderParticipantId: "agent", currentUrl: "https://example.com/plan", status: "ACTIVE" },
  participants: [
    { id: "agent", role: "AGENT", displayName: "Ada", avatarUrl: null, present: true, canLead: true },
    { id: "visitor", role: "VISITOR", displayName: "Bo", avatarUrl: null, present: true, canLead: false },
  ],
  sidebars: [],
} as unknown as Pick<SessionViewData, "session" | "participants" | "sidebars">;

let seq = 0;
const ev = (type: string, actor: string | null, payload: Record<string, unknown>, at = "2026-12-05T10:00:00.000Z"): WireEvent => ({
  stream: "room",
  seq: ++seq,
  type,
  actorParticipantId: actor,
  clientEventId: null,
  payload,
  createdAt: at,
});
const popup = (url: string) => ev("popup.sent", "agent", { url, newWindow: true, notToSelf: false, framable: null });

describe("pop-ups in the viewer's state", () => {
  it("offers a pop-up to followers without moving anyone's frame", () => {
    const events = [popup("https://example.com/offer")];
    const follower = deriveSessionState(events, initial, "visitor");
    expect(follower.current?.url).toBe("https://example.com/plan");
    expect(follower.lastNavigate).toMatchObject({ url: "https://example.com/offer", newWindow: true, actor: "agent" });
    const sender = deriveSessionState(events, initial, "agent");
    expect(sender.current?.url).toBe("https://example.com/plan");
    expect(sender.history.map((h) => h.url)).toContain("https://example.com/offer");
  });

  it("still reads older archives' navigate-with-newWindow as a pop-up", () => {
    const old = [ev("navigate", "agent", { url: "https://example.com/old", newWindow: true, notToSelf: false, framable: true })];
    expect(deriveSessionState(old, initial, "visitor")).toMatchObject({
      current: { url: "https://example.com/plan" },
      lastNavigate: { newWindow: true },
    });
  });
});

describe("opening a pop-up", () => {
  it("tells a blocked window from an opened one, and cuts the opener", () => {
    expect(tryOpenWindow("https://example.com/x", () => null)).toBe(false);
    const w = { opener: {} } as unknown as Window;
    let asked: [string, string] | null = null;
    expect(
      tryOpenWindow("https://example.com/x", (u, t) => {
        asked = [u, t];
        return w;
      }),
    ).toBe(true);
    expect(asked).toEqual(["https://example.com/x", "_blank"]);
    expect(w.opener).toBeNull();
  });
});

describe("marks in the replay", () => {
  const mark = (at: string, shape = "box") =>
    ev(
      "annotation",
      "agent",
      {
        shape,
        points: [
          { x: 1, y: 2 },
          { x: 30, y: 40 },
        ],
        scrollX: 0,
        scrollY: 0,
        viewport: { w: 800, h: 600 },
        url: "https://example.com/plan",
        surface: "frame",
      },
      at,
    );
  const chat = (at: string) => ev("chat", "visitor", { text: "hi" }, at);

  it("shows a mark at its step, fading, and not once 4 s of session time passed", () => {
    const events = [mark("2026-12-05T10:00:00.000Z"), chat("2026-12-05T10:00:03.500Z"), chat("2026-12-05T10:00:04.000Z")];
    expect(marksAt(events.slice(0, 1)).map((m) => m.opacity)).toEqual([1]);
    expect(marksAt(events.slice(0, 2)).map((m) => m.opacity)).toEqual([0.5]);
    expect(marksAt(events)).toEqual([]);
    expect(marksAt([])).toEqual([]);
  });

  it("keeps several recent marks in their order", () => {
    const events = [mark("2026-12-05T10:00:00.000Z", "box"), mark("2026-12-05T10:00:01.000Z", "circle")];
    expect(marksAt(events).map((m) => m.payload.shape)).toEqual(["box", "circle"]);
  });
});
