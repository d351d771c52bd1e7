// Issue 12 items 9 and 10, as the transcript renders (server-side, as the basic page and the
// read-only transcript do): the visitor's question is the first line, and an audit draws prompts and
// sidebar lines, marked private, where the room's transcript never does.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Transcript } from "../../components/viewer/transcript";
import type { WireEvent } from "../../lib/session-events";

const at = "2026-12-04T19:30:00.000Z";
const ev = (seq: number, type: string, actor: string | null, payload: Record<string, unknown>): WireEvent => ({
  stream: "room",
  seq,
  type,
  actorParticipantId: actor,
  clientEventId: null,
  payload,
  createdAt: at,
});
const participants = [
  { id: "v", role: "VISITOR" as const, displayName: "Ada", avatarUrl: null, present: true, canLead: false },
  { id: "a", role: "AGENT" as const, displayName: "Ben", avatarUrl: null, present: true, canLead: true },
  { id: "m", role: "PROMPTER" as const, displayName: "Mia", avatarUrl: null, present: true, canLead: false },
];
const events = [
  ev(1, "session.started", null, { question: "Can I pay by invoice?" }),
  ev(2, "participant.joined", "a", {}),
  ev(3, "chat", "a", { text: "Hello Ada" }),
  ev(4, "prompt", "m", { text: "Mention the terms", to: "a" }),
  ev(5, "sidebar.opened", "a", {
    sidebarId: "sb",
    title: "Billing",
    members: [
      { id: "a", name: "Ben" },
      { id: "m", name: "Mia" },
    ],
  }),
  ev(6, "sidebar.chat", "m", { sidebarId: "sb", text: "Check the account" }),
];
const render = (meId: string, showPrivate = false) =>
  renderToStaticMarkup(createElement(Transcript, { events, pending: [], typing: {}, participants, meId, showPrivate }));
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "|")
    .replace(/\|+/g, "|")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

describe("the transcript's first line", () => {
  it("is the visitor's question, for the agent and for the visitor", () => {
    const agentSide = text(render("a"));
    expect(agentSide.indexOf("Ada's question|Can I pay by invoice?")).toBeGreaterThan(-1);
    expect(agentSide.indexOf("Can I pay by invoice?")).toBeLessThan(agentSide.indexOf("joined"));
    expect(text(render("v"))).toContain("Your question|Can I pay by invoice?");
  });
});

describe("private lines", () => {
  it("are left out of the room's transcript", () => {
    const html = render("a");
    expect(html).not.toContain("Mention the terms");
    expect(html).not.toContain("Check the account");
  });

  it("are drawn in an audit (the replay), marked private with who wrote to whom", () => {
    const html = text(render("", true));
    expect(html).toContain("Prompt from Mia to Ben");
    expect(html).toContain("Mention the terms");
    expect(html).toContain("Mia in the sidebar “Billing”");
    expect(html).toContain("Check the account");
    expect(html).toContain("opened the private sidebar “Billing” (Ben, Mia)");
  });
});
