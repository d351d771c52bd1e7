// Issue 12, item 15: wrap-up after the visitor leaves. A disposition and tags are kept on the
// session and it ends; who may do it (an agent seated in it, a manager of its org), another
// tenant's NOT_FOUND, and bad input that changes nothing.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { createLiveSession, seedOrg } from "../helpers/factories";

type User = { id: string; email: string; name: string | null };
let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
const asUser = (u: User) => createCaller(createContext({ user: u }));
const asVisitor = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));

const sessionRow = () =>
  db.session.findUniqueOrThrow({
    where: { id: live.session.id },
    select: { status: true, endReason: true, disposition: true, tags: true, wrappedUpAt: true, wrappedUpBy: true, lastSeq: true },
  });

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
}

beforeEach(async () => {
  s = await seedOrg();
  cookie = `wrap-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
});

describe("sessions.wrapUp", () => {
  it("keeps the disposition and tidied tags on the session and ends it, after the visitor left", async () => {
    await asVisitor().sessions.leave({ sessionId: live.session.id });
    expect((await sessionRow()).status).toBe("ACTIVE");

    const r = await asUser(s.agents[0]!.user).sessions.wrapUp({
      sessionId: live.session.id,
      disposition: "FOLLOW_UP",
      tags: ["  Billing ", "refund  request", "billing", ""],
    });
    expect(r).toEqual({ ended: true, disposition: "FOLLOW_UP", tags: ["Billing", "refund request"] });

    const row = await sessionRow();
    expect(row).toMatchObject({
      status: "ENDED",
      endReason: "wrapped up",
      disposition: "FOLLOW_UP",
      tags: ["Billing", "refund request"],
      wrappedUpBy: s.agents[0]!.membership.id,
    });
    expect(row.wrappedUpAt).toBeInstanceOf(Date);
    expect(await db.participant.count({ where: { sessionId: live.session.id, leftAt: null } })).toBe(0);
    const last = await db.sessionEvent.findFirstOrThrow({ where: { sessionId: live.session.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ type: "session.ended", actorParticipantId: live.agent.id });
  });

  it("lets a manager of the org wrap up without a seat, and correct an ended session's wrap-up without ending it twice", async () => {
    await asVisitor().sessions.leave({ sessionId: live.session.id });
    expect((await asUser(s.manager.user).sessions.wrapUp({ sessionId: live.session.id, disposition: "NO_ANSWER", tags: [] })).ended).toBe(
      true,
    );
    const seq = (await sessionRow()).lastSeq;
    const again = await asUser(s.agents[0]!.user).sessions.wrapUp({ sessionId: live.session.id, disposition: "RESOLVED", tags: ["vip"] });
    expect(again.ended).toBe(false);
    expect(await sessionRow()).toMatchObject({ status: "ENDED", disposition: "RESOLVED", tags: ["vip"], lastSeq: seq });
  });

  it("answers another tenant NOT_FOUND, an agent without a seat FORBIDDEN, a visitor UNAUTHORIZED, and changes nothing", async () => {
    const other = await seedOrg();
    const before = await sessionRow();
    expect(await codeOf(asUser(other.manager.user).sessions.wrapUp({ sessionId: live.session.id, disposition: "SPAM", tags: [] }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(asUser(other.owner.user).sessions.wrapUp({ sessionId: "no-such-session", disposition: "SPAM", tags: [] }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(asUser(s.agents[1]!.user).sessions.wrapUp({ sessionId: live.session.id, disposition: "SPAM", tags: [] }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(asVisitor().sessions.wrapUp({ sessionId: live.session.id, disposition: "SPAM", tags: [] }))).toBe("UNAUTHORIZED");
    expect(await sessionRow()).toEqual(before);
  });

  it("refuses bad input with BAD_REQUEST and changes nothing", async () => {
    const api = asUser(s.agents[0]!.user);
    const before = await sessionRow();
    const bad: unknown[] = [
      { sessionId: live.session.id, disposition: "GREAT", tags: [] },
      { sessionId: live.session.id, tags: [] },
      { sessionId: live.session.id, disposition: "RESOLVED", tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) },
      { sessionId: live.session.id, disposition: "RESOLVED", tags: ["x".repeat(41)] },
      { sessionId: live.session.id, disposition: "RESOLVED", tags: "billing" },
      { sessionId: "", disposition: "RESOLVED", tags: [] },
    ];
    for (const input of bad) {
      expect(await codeOf(api.sessions.wrapUp(input as Parameters<typeof api.sessions.wrapUp>[0]))).toBe("BAD_REQUEST");
    }
    expect(await sessionRow()).toEqual(before);
  });
});
