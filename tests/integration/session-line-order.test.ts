// Issue 12, item 13: a line and a role change are ordered on the server (sessions/line-guard.ts). The interleaving is forced
// with real row locks: a transaction holds the session row while a barge-in and a prompt queue
// behind it (seen waiting in pg_stat_activity), then lets go.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { newEffects } from "../../server/routing/effects";
import { lockOrgRouting } from "../../server/routing/lock";
import { acceptInTx } from "../../server/routing/offers";
import { createLiveSession, seedOrg } from "../helpers/factories";

type User = { id: string; email: string; name: string | null };
let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
const asUser = (u: User) => createCaller(createContext({ user: u }));
let n = 0;
const cid = () => `order-${Date.now().toString(36)}-${n++}`;

beforeEach(async () => {
  s = await seedOrg();
  live = await createLiveSession(s);
});

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** Holds the session's row lock (as a role change does) until `release` is called; `release(change)` runs `change` under it first. */
async function holdSessionRow(sessionId: string) {
  let release!: (change?: (tx: Tx) => Promise<unknown>) => void;
  const released = new Promise<((tx: Tx) => Promise<unknown>) | undefined>((r) => (release = r));
  let locked!: () => void;
  const held = new Promise<void>((r) => (locked = r));
  const done = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId} FOR UPDATE`;
      locked();
      const change = await released;
      await change?.(tx);
    },
    { timeout: 120_000 },
  );
  await held;
  return { release: async (change?: (tx: Tx) => Promise<unknown>) => (release(change), await done) };
}

/** Waits (no deadline but the test's) until `count` backends of this database wait on a lock. */
async function untilWaitingOnLocks(count: number): Promise<void> {
  for (;;) {
    const [r] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (r!.n >= count) return;
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

async function settled<T>(p: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  return p.then(
    (ok) => ({ ok }),
    (error: unknown) => ({ error }),
  );
}

describe("a line sent while the sender's role changes", () => {
  it("refuses a prompt that reaches the lock after the barge-in committed (CONFLICT), and stores nothing private after 'joined'", async () => {
    const api = asUser(s.manager.user);
    await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    const hold = await holdSessionRow(live.session.id);

    const barge = settled(api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" }));
    await untilWaitingOnLocks(1);
    // Sent while the seat is still a prompter (its checks before the lock pass), queued behind the barge-in.
    const prompt = settled(
      api.sessions.prompt({
        sessionId: live.session.id,
        text: "Hello, I'm the manager",
        clientEventId: cid(),
      }),
    );
    await untilWaitingOnLocks(2);
    await hold.release();

    expect(await barge).toMatchObject({ ok: { role: "AGENT" } });
    const r = await prompt;
    expect("error" in r && r.error).toBeInstanceOf(TRPCError);
    const e = (r as { error: TRPCError }).error;
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/role in this session changed/);

    const events = await db.sessionEvent.findMany({
      where: { sessionId: live.session.id },
      orderBy: { seq: "asc" },
      select: { type: true, payload: true },
    });
    expect(events.map((x) => x.type)).toEqual(["participant.joined"]);
  });

  it("stores a prompt that took the lock before the barge-in as a prompt, before 'joined'", async () => {
    const api = asUser(s.manager.user);
    await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    const hold = await holdSessionRow(live.session.id);
    const prompt = settled(api.sessions.prompt({ sessionId: live.session.id, text: "Offer a refund", clientEventId: cid() }));
    await untilWaitingOnLocks(1);
    const barge = settled(api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" }));
    await untilWaitingOnLocks(2);
    await hold.release();
    expect(await prompt).toMatchObject({ ok: { type: "prompt" } });
    expect(await barge).toMatchObject({ ok: { role: "AGENT" } });
    // In archive order (ids): the prompt and the room's event are numbered in different streams.
    const events = await db.sessionEvent.findMany({
      where: { sessionId: live.session.id },
      orderBy: { id: "asc" },
      select: { type: true },
    });
    expect(events.map((x) => x.type)).toEqual(["prompt", "participant.joined"]);
  });

  it("refuses a room line whose seat turned unseen while the line waited (typed CONFLICT, nothing stored)", async () => {
    const agentApi = asUser(s.agents[0]!.user);
    const hold = await holdSessionRow(live.session.id);
    const line = settled(
      agentApi.sessions.send({
        sessionId: live.session.id,
        text: "Are you still there?",
        clientEventId: cid(),
      }),
    );
    await untilWaitingOnLocks(1);
    // Under the held lock, the seat changes as a role change does (role, seat version), then the lock goes.
    await hold.release(async (tx) => {
      await tx.participant.update({ where: { id: live.agent.id }, data: { role: "MONITOR" } });
      await tx.session.update({ where: { id: live.session.id }, data: { seatVersion: { increment: 1 } } });
    });
    const r = await line;
    expect("error" in r && (r.error as TRPCError).code).toBe("CONFLICT");
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(0);
  });

  it("refuses a line from a seat that left while the line waited, and stores it after nothing", async () => {
    const visitorSeat = await db.participant.findUniqueOrThrow({
      where: { id: live.visitorSeat.id },
      select: { visitor: { select: { cookieId: true } } },
    });
    const asVisitor = createCaller(createContext({ user: null, visitorCookieId: visitorSeat.visitor!.cookieId }));
    const hold = await holdSessionRow(live.session.id);
    const line = settled(asVisitor.sessions.send({ sessionId: live.session.id, text: "One more thing", clientEventId: cid() }));
    await untilWaitingOnLocks(1);
    await hold.release(async (tx) => {
      await tx.participant.update({ where: { id: live.visitorSeat.id }, data: { leftAt: new Date() } });
      await tx.session.update({ where: { id: live.session.id }, data: { seatVersion: { increment: 1 } } });
    });
    const r = await line;
    expect("error" in r && (r.error as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } })).toBe(0);
  });
  it("refuses a prompt whose unseen seat was closed for the same person's agent seat (taking the session from the queue) while it waited", async () => {
    const api = asUser(s.manager.user);
    const { participantId: prompterSeat } = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    // The visitor's entry is offered to the manager: accepting it seats them as this session's agent
    // (routing/offers.ts acceptInTx -> sessions/rejoin.ts -> sessions/seat-agent.ts).
    await db.queueEntry.update({ where: { id: live.entry.id }, data: { status: "OFFERED" } });
    const offer = await db.queueOffer.create({
      data: {
        orgId: s.org.id,
        queueEntryId: live.entry.id,
        membershipId: s.manager.membership.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const hold = await holdSessionRow(live.session.id);
    const prompt = settled(api.sessions.prompt({ sessionId: live.session.id, text: "Offer a refund", clientEventId: cid() }));
    await untilWaitingOnLocks(1);
    // The accept commits under the held lock, before the prompt reaches it.
    await hold.release(async (tx) => {
      await lockOrgRouting(tx, s.org.id);
      await acceptInTx(tx, newEffects(), { orgId: s.org.id, offerId: offer.id, membershipId: s.manager.membership.id, now: new Date() });
    });

    const r = await prompt;
    expect("error" in r && r.error).toBeInstanceOf(TRPCError);
    const e = (r as { error: TRPCError }).error;
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/role in this session changed/);
    expect(await db.participant.findUniqueOrThrow({ where: { id: prompterSeat }, select: { leftAt: true } })).not.toMatchObject({
      leftAt: null,
    });
    const events = await db.sessionEvent.findMany({
      where: { sessionId: live.session.id },
      orderBy: { seq: "asc" },
      select: { type: true },
    });
    expect(events.map((x) => x.type)).toEqual(["participant.joined"]);
  });
});
