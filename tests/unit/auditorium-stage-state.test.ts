// The stage views' derived state: who is on stage after promotions, and merging backstage notices
// that may come late or twice.
import { describe, expect, it } from "vitest";
import { mergeHand, mergeQuestion, stageSeats } from "../../components/auditorium/stage-state";
import type { WireEvent } from "../../lib/session-events";
import type { StageQuestion } from "../../lib/stage-events";

const person = (id: string, role: "PRODUCER" | "SPEAKER" | "ATTENDEE", present = true) => ({
  id,
  role,
  displayName: id.toUpperCase(),
  avatarUrl: null,
  present,
  canLead: role !== "ATTENDEE",
});
let seq = 0;
const ev = (type: string, payload: Record<string, unknown>): WireEvent => ({
  seq: ++seq,
  stream: "room",
  type,
  actorParticipantId: "p",
  clientEventId: null,
  payload,
  createdAt: new Date(0).toISOString(),
});

describe("stageSeats", () => {
  it("lists producers first, then speakers in the order they came on stage, never the audience or those who left", () => {
    const people = [
      person("s1", "SPEAKER"),
      person("p", "PRODUCER"),
      person("a1", "ATTENDEE"),
      person("gone", "SPEAKER", false),
      person("a2", "ATTENDEE"),
    ];
    expect(stageSeats(people, []).map((p) => p.id)).toEqual(["p", "s1"]);
    const events = [
      ev("stage.promoted", { participantId: "a2", name: "Ann" }),
      ev("stage.promoted", { participantId: "new", name: "Newcomer" }),
      ev("chat", { text: "hi" }),
    ];
    expect(stageSeats(people, events).map((p) => [p.id, p.displayName, p.role])).toEqual([
      ["p", "P", "PRODUCER"],
      ["s1", "S1", "SPEAKER"],
      ["a2", "A2", "SPEAKER"],
      ["new", "Newcomer", "SPEAKER"],
    ]);
    // Demoted, then promoted again: back on stage, at the end.
    const again = [...events, ev("stage.demoted", { participantId: "s1", name: "S1" })];
    expect(stageSeats(people, again).map((p) => p.id)).toEqual(["p", "a2", "new"]);
    expect(stageSeats(people, [...again, ev("stage.promoted", { participantId: "s1", name: "S1" })]).map((p) => p.id)).toEqual([
      "p",
      "a2",
      "new",
      "s1",
    ]);
  });
});

describe("notice merging", () => {
  const q = (version: number, status: StageQuestion["status"] = "PENDING"): StageQuestion => ({
    id: "q1",
    text: "Why?",
    status,
    askerId: "a",
    askerName: "Ann",
    answerMode: null,
    answerText: null,
    askedAt: "2026-12-04T20:00:00.000Z",
    version,
  });
  it("keeps the newest version of a question whatever order its notices arrive in", () => {
    expect(mergeQuestion([], q(1))).toEqual([q(1)]);
    expect(mergeQuestion([q(1)], q(2, "APPROVED"))).toEqual([q(2, "APPROVED")]);
    expect(mergeQuestion([q(3, "ANSWERED")], q(2, "APPROVED"))).toEqual([q(3, "ANSWERED")]);
    expect(mergeQuestion([q(2, "APPROVED")], q(2, "APPROVED"))).toEqual([q(2, "APPROVED")]);
    expect(mergeQuestion([q(1)], { ...q(1), id: "q2" }).map((x) => x.id)).toEqual(["q1", "q2"]);
  });
  it("adds raised hands at the end, drops lowered ones, and ignores an older notice", () => {
    const up = { participantId: "a", name: "Ann", raised: true, at: "2026-12-04T20:00:00.000Z" };
    const down = { ...up, raised: false, at: "2026-12-04T20:01:00.000Z" };
    expect(mergeHand([], up)).toEqual([up]);
    expect(mergeHand([up], down)).toEqual([]);
    expect(mergeHand([{ ...up, at: down.at }], { ...down, at: up.at })).toEqual([{ ...up, at: down.at }]);
    expect(mergeHand([up], { ...up, participantId: "b" }).map((h) => h.participantId)).toEqual(["a", "b"]);
  });
});
