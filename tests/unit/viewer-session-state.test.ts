// The session as the viewer derives it from the archive (components/viewer/session-state.ts).
import { describe, expect, it } from "vitest";
import { deriveSessionState } from "../../components/viewer/session-state";
import type { SessionViewData } from "../../components/viewer/types";
import { wireEvent } from "../helpers/wire-events";

const ev = wireEvent;
const person = (id: string, role: "AGENT" | "VISITOR") => ({
  id,
  role,
  displayName: id,
  avatarUrl: null,
  present: true,
  canLead: role === "AGENT",
});
const initial = {
  session: { leaderParticipantId: "agent", currentUrl: null, status: "ACTIVE" },
  participants: [person("agent", "AGENT"), person("visitor", "VISITOR")],
  sidebars: [],
} as unknown as Pick<SessionViewData, "session" | "participants" | "sidebars">;

describe("deriveSessionState", () => {
  it("adds someone seated after the page loaded, once, and never an unseen role", () => {
    const s = deriveSessionState(
      [
        ev("participant.joined", "boss", { role: "AGENT", name: "Boss" }),
        ev("participant.joined", "boss", { role: "AGENT", name: "Boss again" }),
        ev("participant.joined", "spy", { role: "MONITOR" }),
      ],
      initial,
      "agent",
    );
    expect(s.participants.map((p) => [p.id, p.displayName, p.role])).toEqual([
      ["agent", "agent", "AGENT"],
      ["visitor", "visitor", "VISITOR"],
      ["boss", "Boss", "AGENT"],
    ]);
  });

  it("says the visitor left while the session goes on, and not once it ended", () => {
    const left = [ev("participant.left", "visitor")];
    expect(deriveSessionState(left, initial, "agent").visitorLeft).toBe(true);
    expect(deriveSessionState([...left, ev("session.ended", null)], initial, "agent")).toMatchObject({ visitorLeft: false, ended: true });
  });

  it("draws a late joiner with the avatar the event carries, and lets a room's visitor lead when anyone may take the baton", () => {
    const joined = [ev("participant.joined", "cleo", { role: "VISITOR", name: "Cleo", avatarUrl: "/avatars/wave.svg" })];
    const room = { ...initial, session: { ...initial.session, kind: "COLLABORATION" } } as typeof initial;
    expect(deriveSessionState(joined, { ...room, scenario: { batonPolicy: "ANYONE_TAKES" } }, "agent").participants.at(-1)).toMatchObject({
      id: "cleo",
      avatarUrl: "/avatars/wave.svg",
      canLead: true,
    });
    expect(deriveSessionState(joined, { ...room, scenario: { batonPolicy: "STAFF_TAKES" } }, "agent").participants.at(-1)?.canLead).toBe(
      false,
    );
  });

  it("never says 'visitor left' in a collaboration room: it is everyone's, and ends with the last person", () => {
    const room = { ...initial, session: { ...initial.session, kind: "COLLABORATION" } } as typeof initial;
    expect(deriveSessionState([ev("participant.left", "visitor")], room, "agent").visitorLeft).toBe(false);
  });

  it("names an attendee brought on stage (answer cards, the speakers' panel) and drops one sent back to the audience", () => {
    const up = ev("stage.promoted", "agent", { participantId: "sam", name: "Sam", role: "SPEAKER" });
    expect(deriveSessionState([up], initial, "agent").participants.find((p) => p.id === "sam")).toMatchObject({
      displayName: "Sam",
      role: "SPEAKER",
      canLead: true,
    });
    const down = ev("stage.demoted", "agent", { participantId: "sam", name: "Sam", role: "ATTENDEE" });
    expect(deriveSessionState([up, down], initial, "agent").participants.some((p) => p.id === "sam")).toBe(false);
  });

  it("follows the baton, the pages led to (history newest first, from the visitor's page) and the sidebars", () => {
    const nav = (url: string, actor: string, extra: Record<string, unknown> = {}) =>
      ev("navigate", actor, { url, newWindow: false, notToSelf: false, framable: true, ...extra });
    const s = deriveSessionState(
      [
        ev("session.started", null, { referrerUrl: "https://shop.example/cart" }),
        nav("https://shop.example/a", "agent"),
        ev("baton.passed", "agent", { to: "visitor" }),
        // The visitor leads without showing it to herself: the agent follows, she stays.
        nav("https://shop.example/b", "visitor", { notToSelf: true }),
        ev("sidebar.opened", "agent", { sidebarId: "sb", title: "", members: [{ id: "agent", name: "A" }] }, "sidebar:sb"),
        ev("sidebar.closed", "agent", { sidebarId: "sb" }, "sidebar:sb"),
      ],
      initial,
      "visitor",
    );
    expect(s.leader).toBe("visitor");
    expect(s.current?.url).toBe("https://shop.example/a");
    expect(deriveSessionState([nav("https://shop.example/b", "visitor", { notToSelf: true })], initial, "agent").current?.url).toBe(
      "https://shop.example/b",
    );
    expect(s.history.map((h) => h.url)).toEqual(["https://shop.example/b", "https://shop.example/a", "https://shop.example/cart"]);
    expect(s.sidebars).toEqual([{ id: "sb", title: "", open: false, members: [{ id: "agent", name: "A" }] }]);
  });
});
