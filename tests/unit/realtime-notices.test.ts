// Audiences become channels in one place (server/realtime/notices.ts), and stored session events
// reach exactly the readers their stored stream names (server/realtime/stored-events.ts). The
// channel names are the ones pages subscribe to (server/realtime/subscriptions.ts): a mismatch here
// is a message nobody hears.
import { describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { ROOM_STREAM, SESSION_EVENT } from "../../lib/session-events";
import { agentStatusNotice } from "../../server/agents/status-notice";
import { isCobrowseChannel } from "../../server/realtime/authorize";
import { audienceOfChannel, channelOf, noticeMessages, type Audience } from "../../server/realtime/notices";
import { storedEventNotices } from "../../server/realtime/stored-events";
import { queueChannel, seatChannels, staffChannels } from "../../server/realtime/subscriptions";

const CASES: [Audience, string][] = [
  [{ to: "room", sessionId: "s1" }, channels.session("s1")],
  [{ to: "audience", sessionId: "s1" }, channels.sessionAudience("s1")],
  [{ to: "watchers", sessionId: "s1" }, channels.sessionWatch("s1")],
  [{ to: "stage", sessionId: "s1" }, channels.sessionStage("s1")],
  [{ to: "cobrowse", sessionId: "s1" }, channels.cobrowse("s1")],
  [{ to: "participant", participantId: "p1" }, channels.participant("p1")],
  [{ to: "orgStaff", orgId: "o1" }, channels.orgStaff("o1")],
  [{ to: "member", membershipId: "m1" }, channels.member("m1")],
  [{ to: "queueVisitor", queueEntryId: "q1" }, channels.queue("q1")],
];

describe("audiences", () => {
  it.each(CASES)("%o is heard on %s, and that channel reads back as the same audience", (audience, channel) => {
    expect(channelOf(audience)).toBe(channel);
    expect(audienceOfChannel(channel)).toEqual(audience);
  });

  it("names no audience for a channel we never hand out", () => {
    expect(audienceOfChannel("private-session-s1")).toBeNull();
    expect(audienceOfChannel("presence-anything")).toBeNull();
  });

  it("turns notices into the outbox's messages, event and data untouched", () => {
    const data = { sessionId: "s1" };
    expect(noticeMessages([{ audience: { to: "queueVisitor", queueEntryId: "q1" }, event: "queue.connected", data }])).toEqual([
      { channel: "private-queue-q1", event: "queue.connected", data },
    ]);
  });
});

describe("agent.status", () => {
  it("goes to the org's staff with the same keys in the same order, whoever sends it", () => {
    const status = { capacity: 2, since: "2026-12-05T10:00:00.000Z", status: "offline", membershipId: "m1" };
    const [m] = noticeMessages([agentStatusNotice("o1", status)]);
    expect(m!.channel).toBe(channels.orgStaff("o1"));
    expect(m!.event).toBe("agent.status");
    expect(JSON.stringify(m!.data)).toBe('{"membershipId":"m1","status":"offline","since":"2026-12-05T10:00:00.000Z","capacity":2}');
  });
});

describe("the co-browse tab's channel", () => {
  it("is its own session's co-browse channel and nothing else", () => {
    expect(isCobrowseChannel(channels.cobrowse("s1"), "s1")).toBe(true);
    expect(isCobrowseChannel(channels.cobrowse("s2"), "s1")).toBe(false);
    expect(isCobrowseChannel(channels.session("s1"), "s1")).toBe(false);
    expect(isCobrowseChannel(undefined, "s1")).toBe(false);
  });
});

const createdAt = new Date("2026-12-05T10:00:00.000Z");
const stored = (stream: string, audience: string[], seq = 1) => ({
  stream,
  audience,
  seq,
  type: "chat.line",
  actorParticipantId: "p1",
  payload: { text: "hi" },
  createdAt,
  clientEventId: null,
});

describe("stored session events", () => {
  it("sends a room event to the room and the audience channel, once each", () => {
    const notices = storedEventNotices("s1", [stored(ROOM_STREAM, [])]);
    expect(noticeMessages(notices).map((m) => [m.channel, m.event])).toEqual([
      [channels.session("s1"), SESSION_EVENT],
      [channels.sessionAudience("s1"), SESSION_EVENT],
    ]);
    expect(notices[0]!.data).toEqual({
      stream: ROOM_STREAM,
      seq: 1,
      type: "chat.line",
      actorParticipantId: "p1",
      clientEventId: null,
      payload: { text: "hi" },
      createdAt: createdAt.toISOString(),
    });
  });

  it("sends a private event to each stored audience member once, and to nobody else", () => {
    const notices = storedEventNotices("s1", [stored("whisper:p1", ["p1", "p2", "p1"])]);
    expect(noticeMessages(notices).map((m) => m.channel)).toEqual([channels.participant("p1"), channels.participant("p2")]);
  });

  it("sends a private event with no stored audience nowhere (not to the room)", () => {
    expect(storedEventNotices("s1", [stored("whisper:p1", [])])).toEqual([]);
  });
});

// Pages subscribe to the names server/realtime/subscriptions.ts hands them; what the domains publish
// must land on exactly those, or a page listens where nothing is said.
describe("the channels a page is handed", () => {
  const seat = seatChannels({ sessionId: "s1", participantId: "p2" });

  it("carry a room event to the visible seats and to the audience, and a seat's private event to that seat", () => {
    const room = noticeMessages(storedEventNotices("s1", [stored(ROOM_STREAM, [])])).map((m) => m.channel);
    expect(room).toEqual([seat.room, seat.audience]);
    const whisper = noticeMessages(storedEventNotices("s1", [stored("whisper:p1", ["p1", "p2"])])).map((m) => m.channel);
    expect(whisper).toContain(seat.own);
    expect(whisper).not.toContain(seatChannels({ sessionId: "s1", participantId: "p3" }).own);
  });

  it("name each of the session's audiences once, and only this session's", () => {
    const names = Object.values(seat);
    expect(new Set(names).size).toBe(names.length);
    expect(names.map((n) => audienceOfChannel(n))).toEqual([
      { to: "room", sessionId: "s1" },
      { to: "audience", sessionId: "s1" },
      { to: "watchers", sessionId: "s1" },
      { to: "stage", sessionId: "s1" },
      { to: "cobrowse", sessionId: "s1" },
      { to: "participant", participantId: "p2" },
    ]);
    expect(isCobrowseChannel(seat.cobrowse, "s1")).toBe(true);
  });

  it("give staff the channel agent.status is published on, and a waiting visitor their entry's", () => {
    const staff = staffChannels({ orgId: "o1", membershipId: "m1" });
    const [status] = noticeMessages([agentStatusNotice("o1", { membershipId: "m1", status: "ready", since: "", capacity: 1 })]);
    expect(status!.channel).toBe(staff.orgStaff);
    expect(audienceOfChannel(staff.member)).toEqual({ to: "member", membershipId: "m1" });
    expect(audienceOfChannel(queueChannel("q1"))).toEqual({ to: "queueVisitor", queueEntryId: "q1" });
  });
});
