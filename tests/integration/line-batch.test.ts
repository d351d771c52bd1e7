// Group commit of chat lines (server/archive/line-batch.ts): lines that arrive while statements are
// in flight are stored by one statement. Every line must get the answer the single-line statement
// would have given it: stored once, numbered without gaps in send order per session, a repeated
// clientEventId refused, a seat that left refused, and nobody else's line held back by it.
import { beforeEach, describe, expect, it } from "vitest";
import { appendEvents, type StoredEvent } from "../../server/archive/append";
import { lineBatchStats } from "../../server/archive/line-batch";
import { db } from "../../server/db";
import { SeatChangedError } from "../../server/sessions/line-guard";
import { createLiveSession, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
beforeEach(async () => {
  s = await seedOrg();
});

type Live = Awaited<ReturnType<typeof createLiveSession>>;
let n = 0;
/** A line as the cached-seat chat path appends it: judged at the seat version, the seat checked present. */
function line(live: Live, seatId: string, text: string, clientEventId = `lb-${n++}-${Math.random().toString(36).slice(2, 8)}`) {
  return appendEvents(db, {
    orgId: s.org.id,
    sessionId: live.session.id,
    events: [{ type: "chat", actorParticipantId: seatId, clientEventId, payload: { text } }],
    ifSeatVersion: live.session.seatVersion,
    ifSeatPresent: seatId,
  }).then((r) => r[0]!);
}

const seqs = async (sessionId: string) =>
  await db.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" }, select: { seq: true, payload: true } });

describe("lines stored together", () => {
  it("stores 300 simultaneous lines of 3 sessions in batches, each answered with its own, numbered without gaps", async () => {
    const lives = [await createLiveSession(s), await createLiveSession(s), await createLiveSession(s)];
    const before = lineBatchStats.linesStored;
    const sent = Array.from({ length: 300 }, (_, i) => ({ live: lives[i % 3]!, text: `line ${i}` }));
    const answers = await Promise.all(sent.map(({ live }, i) => line(live, i % 2 ? live.agent.id : live.visitorSeat.id, sent[i]!.text)));
    // Batching happened (else this test would prove nothing about it).
    expect(lineBatchStats.linesStored - before).toBeGreaterThan(0);
    answers.forEach((a, i) => {
      expect(a.sessionId).toBe(sent[i]!.live.session.id);
      expect(a.payload).toEqual({ text: sent[i]!.text });
    });
    for (const live of lives) {
      const rows = await seqs(live.session.id);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      // Every line of the session once (concurrent sends have no order among them, batched or not).
      const texts = rows.map((r) => Number((r.payload as { text: string }).text.split(" ")[1])).sort((a, b) => a - b);
      expect(texts).toEqual(sent.flatMap((x, i) => (x.live === live ? [i] : [])));
      expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).lastSeq).toBe(100);
    }
  });

  it("refuses a repeated clientEventId in a burst, and stores every other line", async () => {
    const live = await createLiveSession(s);
    const results = await Promise.allSettled([
      ...Array.from({ length: 40 }, (_, i) => line(live, live.agent.id, `x ${i}`)),
      line(live, live.agent.id, "first", "same-id"),
      line(live, live.agent.id, "second", "same-id"),
      ...Array.from({ length: 40 }, (_, i) => line(live, live.visitorSeat.id, `y ${i}`)),
    ]);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/unique|23505/i);
    expect((await seqs(live.session.id)).map((r) => r.seq)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, clientEventId: "same-id" } })).toBe(1);
  });

  it("refuses the lines of a seat that left, and stores the other seat's lines of the same session and other sessions'", async () => {
    const a = await createLiveSession(s);
    const b = await createLiveSession(s);
    await db.participant.update({ where: { id: a.visitorSeat.id }, data: { leftAt: new Date() } });
    const results = await Promise.allSettled(
      Array.from({ length: 90 }, (_, i) =>
        i % 3 === 0 ? line(a, a.visitorSeat.id, `gone ${i}`) : i % 3 === 1 ? line(a, a.agent.id, `a ${i}`) : line(b, b.agent.id, `b ${i}`),
      ),
    );
    results.forEach((r, i) => {
      if (i % 3 === 0) {
        expect(r.status).toBe("rejected");
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SeatChangedError);
      } else expect((r as PromiseFulfilledResult<StoredEvent>).value.type).toBe("chat");
    });
    expect((await seqs(a.session.id)).map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await seqs(b.session.id)).map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await db.sessionEvent.count({ where: { actorParticipantId: a.visitorSeat.id } })).toBe(0);
  });

  it("refuses every line judged at a seat version that no longer holds", async () => {
    const live = await createLiveSession(s);
    await db.session.update({ where: { id: live.session.id }, data: { seatVersion: { increment: 1 } } });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => line(live, live.agent.id, `v ${i}`)));
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof SeatChangedError)).toBe(true);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id } })).toBe(0);
  });
});
