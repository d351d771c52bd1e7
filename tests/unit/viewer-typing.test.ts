// Live typing's state changes (components/viewer/use-typing.ts), without a browser: a typist's
// preview set, replaced and cleared; previews expiring; a sent line replacing its sender's preview;
// and what this reader's typing sends in each preview mode.
import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../lib/session-events";
import {
  dropTypists,
  expireTypists,
  lineSenders,
  PREVIEW_CHARS,
  TYPING_STALE_MS,
  typingPayload,
  typistUpdate,
  type Typists,
} from "../../components/viewer/use-typing";

const line = (actor: string | null, type = "chat"): WireEvent =>
  ({
    stream: "room",
    seq: 1,
    type,
    actorParticipantId: actor,
    payload: { text: "hi" },
    createdAt: new Date(0).toISOString(),
  }) as unknown as WireEvent;

describe("typists", () => {
  it("sets, replaces and clears one typist's preview, leaving the others", () => {
    let t: Typists = {};
    t = typistUpdate(t, "ada", { typing: true, text: "Hel" }, 1000);
    t = typistUpdate(t, "grace", { typing: true }, 1100);
    t = typistUpdate(t, "ada", { typing: true, text: "Hello" }, 1200);
    expect(t).toEqual({ ada: { text: "Hello", at: 1200 }, grace: { text: undefined, at: 1100 } });
    t = typistUpdate(t, "ada", { typing: false }, 1300);
    expect(t).toEqual({ grace: { text: undefined, at: 1100 } });
  });

  it("answers the same object when nothing changes (no re-render)", () => {
    const t: Typists = { ada: { text: "x", at: 0 } };
    expect(dropTypists(t, ["grace"])).toBe(t);
    expect(typistUpdate(t, "grace", { typing: false }, 5)).toBe(t);
    expect(expireTypists(t, TYPING_STALE_MS - 1)).toBe(t);
  });

  it("drops previews that had no news for TYPING_STALE_MS", () => {
    const t: Typists = { old: { at: 0 }, fresh: { at: 5000 } };
    expect(expireTypists(t, TYPING_STALE_MS)).toEqual({ fresh: { at: 5000 } });
    expect(expireTypists(t, 5000 + TYPING_STALE_MS)).toEqual({});
  });

  it("a sent line replaces its sender's preview; other events and anonymous lines do not", () => {
    const senders = lineSenders([line("ada"), line("grace", "navigate"), line(null), line("linus")]);
    expect(senders).toEqual(["ada", "linus"]);
    const t: Typists = { ada: { at: 1 }, grace: { at: 1 }, linus: { at: 1 } };
    expect(dropTypists(t, senders)).toEqual({ grace: { at: 1 } });
  });
});

describe("this reader's typing", () => {
  it("sends nothing with previews off, 'typing' without the text, or the draft's end with full text", () => {
    expect(typingPayload("NONE", "secret draft")).toBeNull();
    expect(typingPayload("INDICATOR", "draft")).toEqual({ typing: true });
    expect(typingPayload("FULL_TEXT", "draft")).toEqual({ typing: true, text: "draft" });
    const long = "a".repeat(PREVIEW_CHARS) + "END";
    expect(typingPayload("FULL_TEXT", long)).toEqual({ typing: true, text: long.slice(-PREVIEW_CHARS) });
    expect(typingPayload("FULL_TEXT", "")).toEqual({ typing: false });
    expect(typingPayload("INDICATOR", "")).toEqual({ typing: false });
  });
});
