// The viewer's archive copy (components/viewer/event-log.ts): merge, duplicates, holes judged and
// filled per stream, pending lines settled by clientEventId, display order across streams.
import { describe, expect, it } from "vitest";
import { eventLog, gapsOf, isAfter, marksOf, mergeEvents, orderedEvents, unsettled } from "../../components/viewer/event-log";
import type { WireEvent } from "../../lib/session-events";

const ev = (stream: string, seq: number, at: string, extra: Partial<WireEvent> = {}): WireEvent => ({
  stream,
  seq,
  type: "chat",
  actorParticipantId: "p1",
  clientEventId: null,
  payload: { text: `${stream} ${seq}` },
  createdAt: `2026-12-04T20:00:${at}.000Z`,
  ...extra,
});
const keys = (es: WireEvent[]) => es.map((e) => `${e.stream}#${e.seq}`);

describe("event log", () => {
  it("merges events and advances each stream's cursor over what it holds without a hole", () => {
    const log = eventLog([ev("room", 1, "01"), ev("room", 2, "02")]);
    const next = mergeEvents(log, [ev("room", 3, "03"), ev("sidebar:a", 1, "04")]);
    expect(next.cursors).toEqual({ room: 3, "sidebar:a": 1 });
    expect(gapsOf(next)).toEqual([]);
    expect(next.events.size).toBe(4);
  });

  it("keeps one copy of an event delivered twice, and answers the same log when nothing is new", () => {
    const log = eventLog([ev("room", 1, "01")]);
    const again = mergeEvents(log, [ev("room", 1, "01", { payload: { text: "a second delivery" } })]);
    expect(again).toBe(log);
    expect(orderedEvents(again)[0]!.payload.text).toBe("room 1");
  });

  it("the same seq in two streams is two events", () => {
    const log = eventLog([ev("room", 1, "01"), ev("prompt:x:y", 1, "02")]);
    expect(log.events.size).toBe(2);
  });

  it("finds a hole in its own stream only, and closes it when the missing event is merged", () => {
    const log = eventLog([ev("room", 1, "01"), ev("room", 2, "02"), ev("sidebar:a", 1, "03")]);
    // A private stream jumps: only that stream has a hole; the room's cursor stays where it is.
    const holed = mergeEvents(log, [ev("sidebar:a", 3, "05"), ev("room", 3, "06")]);
    expect(gapsOf(holed)).toEqual(["sidebar:a"]);
    expect(holed.cursors).toEqual({ room: 3, "sidebar:a": 1 });
    const filled = mergeEvents(holed, [ev("sidebar:a", 2, "04"), ev("sidebar:a", 3, "05")]);
    expect(gapsOf(filled)).toEqual([]);
    expect(filled.cursors["sidebar:a"]).toBe(3);
  });

  it("counts a stream first seen past its start as holed (its beginning is fetched)", () => {
    const log = mergeEvents(eventLog([ev("room", 1, "01")]), [ev("prompt:x:y", 2, "02")]);
    expect(gapsOf(log)).toEqual(["prompt:x:y"]);
    expect(log.cursors["prompt:x:y"]).toBe(0);
  });

  it("settles a pending line by its clientEventId once its stored copy is held, whichever way it came", () => {
    const pending = [
      { clientEventId: "c1", text: "hello" },
      { clientEventId: "c2", text: "still on its way" },
    ];
    const log = eventLog([ev("room", 1, "01", { clientEventId: "c1" })]);
    expect(unsettled(pending, log).map((p) => p.clientEventId)).toEqual(["c2"]);
    expect(unsettled(pending, mergeEvents(log, [ev("room", 2, "02", { clientEventId: "c2" })]))).toEqual([]);
  });

  it("orders each stream by seq and the streams by time, the room first on a tie", () => {
    const log = eventLog([
      ev("sidebar:b", 1, "03"),
      ev("room", 2, "02"),
      ev("prompt:x:y", 1, "02"),
      ev("room", 1, "01"),
      // A room event numbered after another whose transaction started earlier: still after it.
      ev("room", 3, "01"),
      ev("room", 4, "04"),
    ]);
    expect(keys(orderedEvents(log))).toEqual(["room#1", "room#2", "room#3", "prompt:x:y#1", "sidebar:b#1", "room#4"]);
  });

  it("marks what was looked at per stream, so a prompt's seq never hides a room line as read", () => {
    const marks = marksOf([ev("room", 5, "01"), ev("prompt:x:y", 1, "02")]);
    expect(isAfter(ev("room", 6, "03"), marks)).toBe(true);
    expect(isAfter(ev("prompt:x:y", 2, "03"), marks)).toBe(true);
    expect(isAfter(ev("prompt:x:y", 1, "02"), marks)).toBe(false);
    expect(isAfter(ev("sidebar:a", 1, "03"), marks)).toBe(true);
  });
});
