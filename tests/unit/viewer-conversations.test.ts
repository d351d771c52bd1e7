// What lights a conversation tab (components/viewer/conversations.ts), in the full viewer and in
// the agent console's session tabs alike: lines others addressed to me, wherever they were said.
import { describe, expect, it } from "vitest";
import { conversationOf, isUnreadLine } from "../../components/viewer/conversations";
import { wireEvent } from "../helpers/wire-events";

const ev = wireEvent;

describe("conversationOf", () => {
  it("puts room chat and prompts to me under the room, sidebar lines under their sidebar", () => {
    expect(conversationOf(ev("chat", "grace", { text: "hi" }), "me")).toBe("room");
    expect(conversationOf(ev("prompt", "max", { text: "Offer a refund", to: "me" }), "me")).toBe("room");
    expect(conversationOf(ev("sidebar.chat", "grace", { sidebarId: "sb1", text: "psst" }), "me")).toBe("sb1");
  });

  it("leaves out someone else's prompt and everything that is not a line", () => {
    expect(conversationOf(ev("prompt", "max", { text: "x", to: "ben" }), "me")).toBeNull();
    for (const type of ["participant.joined", "navigate", "sidebar.opened", "sidebar.closed", "baton.passed"]) {
      expect(conversationOf(ev(type, "grace", { sidebarId: "sb1" }), "me")).toBeNull();
    }
  });
});

describe("isUnreadLine", () => {
  it("counts room chat, prompts and sidebar lines from others, never my own", () => {
    const lines = [
      ev("chat", "grace", { text: "hi" }),
      ev("prompt", "max", { text: "Offer a refund", to: "me" }),
      ev("sidebar.chat", "grace", { sidebarId: "sb1", text: "psst" }),
      ev("chat", "me", { text: "hello" }),
      ev("sidebar.chat", "me", { sidebarId: "sb1", text: "ok" }),
      ev("prompt", "max", { text: "for Ben", to: "ben" }),
      ev("participant.joined", "grace", { role: "VISITOR" }),
    ];
    expect(lines.filter((e) => isUnreadLine(e, "me")).map((e) => e.type)).toEqual(["chat", "prompt", "sidebar.chat"]);
  });
});
