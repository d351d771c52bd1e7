// callerSeatWhere: a seat is the caller's through their active membership or their visitor cookie.
import { describe, expect, it } from "vitest";
import { callerSeatWhere } from "../../server/access/seats";
import { db } from "../../server/db";
import { createLiveSession, seedOrg } from "../helpers/factories";

async function seatsOf(sessionId: string, caller: Parameters<typeof callerSeatWhere>[0]) {
  const mine = callerSeatWhere(caller);
  if (!mine) return null;
  const rows = await db.participant.findMany({ where: { sessionId, ...mine }, select: { id: true } });
  return rows.map((r) => r.id).sort();
}

describe("callerSeatWhere", () => {
  it("is null for a caller with neither a sign-in nor a visitor cookie", () => {
    expect(callerSeatWhere({})).toBeNull();
    expect(callerSeatWhere({ userId: null, visitorCookieId: null })).toBeNull();
  });

  it("finds the member's seat and the visitor's seat, and no one else's", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    const agentUserId = s.agents[0]!.user.id;
    const cookieId = live.visitor.cookieId;
    const sessionId = live.session.id;

    expect(await seatsOf(sessionId, { userId: agentUserId })).toEqual([live.agent.id]);
    expect(await seatsOf(sessionId, { visitorCookieId: cookieId })).toEqual([live.visitorSeat.id]);
    // One browser signed in and carrying a visitor cookie: either identifies.
    expect(await seatsOf(sessionId, { userId: agentUserId, visitorCookieId: cookieId })).toEqual(
      [live.agent.id, live.visitorSeat.id].sort(),
    );
    expect(await seatsOf(sessionId, { userId: s.manager.user.id })).toEqual([]);
    expect(await seatsOf(sessionId, { visitorCookieId: "someone-else" })).toEqual([]);
  });

  it("stops matching a member's seat once the membership is deactivated", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    await db.membership.update({ where: { id: s.agents[0]!.membership.id }, data: { active: false } });
    expect(await seatsOf(live.session.id, { userId: s.agents[0]!.user.id })).toEqual([]);
  });
});
