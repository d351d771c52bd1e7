// The viewer's hand-off reading (components/viewer/handoff.ts): only the viewer's own seat closed
// by a transfer counts; someone else's hand-off or an ordinary leave does not.
import { describe, expect, it } from "vitest";
import { handoffMessage, handoffOf } from "../../components/viewer/handoff";
import { wireEvent } from "../helpers/wire-events";

const ev = wireEvent;
const transferred = (p: Record<string, unknown>) =>
  ev("session.transferred", null, { kind: "agent", fromName: "Ada", toName: "Ben", byName: "Ada", reassigned: false, ...p });

describe("handoffOf", () => {
  it("finds the transfer that closed my seat, and only mine", () => {
    const events = [
      transferred({}),
      ev("participant.left", "me", { role: "AGENT", reason: "transferred" }),
      ev("participant.joined", "ben", { role: "AGENT" }),
    ];
    expect(handoffOf(events, "me")).toEqual({ kind: "agent", toName: "Ben", byName: "Ada", reassigned: false });
    expect(handoffOf(events, "ben")).toBeNull();
    expect(handoffOf(events.slice(0, 1), "me")).toBeNull();
  });

  it("ignores leaving for another reason, and takes the latest notice before my seat closed", () => {
    expect(handoffOf([ev("participant.left", "me", { role: "AGENT" })], "me")).toBeNull();
    const events = [
      transferred({ toName: "Cy", fromName: "Zoe" }),
      transferred({ kind: "queue", toName: null, byName: "Max", reassigned: true }),
      ev("participant.left", "me", { role: "AGENT", reason: "transferred" }),
      transferred({ toName: "Later" }),
    ];
    expect(handoffOf(events, "me")).toEqual({ kind: "queue", toName: null, byName: "Max", reassigned: true });
  });
});

describe("handoffMessage", () => {
  it("says who moved the session and where", () => {
    expect(handoffMessage({ kind: "agent", toName: "Ben", byName: "Ada", reassigned: false })).toBe("You handed this session to Ben.");
    expect(handoffMessage({ kind: "agent", toName: "Ben", byName: "Max", reassigned: true })).toBe(
      "Your manager reassigned this session to Ben.",
    );
    expect(handoffMessage({ kind: "queue", toName: null, byName: "Ada", reassigned: false })).toBe(
      "You passed this session back to the queue.",
    );
    expect(handoffMessage({ kind: "queue", toName: null, byName: "Max", reassigned: true })).toBe(
      "Your manager passed this session back to the queue.",
    );
  });
});
