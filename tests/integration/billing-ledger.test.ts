// The ledger in ledger mode (no Stripe keys in this file): monthly statements from usage records,
// finalized after the month has settled and marked NOT_CHARGED, idempotent recomputes, late records,
// the reseller's share, and who may read what (dashboard, CSV, reseller, operator).
import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/stripe/webhook/route";
import { statementCsvForUser } from "../../server/billing/csv";
import { runBillingClose, runStripeSync } from "../../server/billing/jobs";
import { closeBillingPeriods, livePeriods, recomputeOpenStatement, SETTLE_MS } from "../../server/billing/ledger";
import { meterTick } from "../../server/billing/metering";
import { periodOf } from "../../server/billing/periods";
import { memberActor } from "../../server/access/actor";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { startDemoSession } from "../helpers/billing";
import { callerFor, createUser, seedOrg } from "../helpers/factories";

// A past month, so the dashboards (which use the real clock) list it as a past statement.
const MARCH = periodOf(new Date("2025-03-15T00:00:00Z"));
const inMarch = (day: number, seconds = 0) => new Date(Date.UTC(2025, 2, day, 10, 0, seconds));

async function demoWithMinutes(seconds: number, day: number, s?: Parameters<typeof startDemoSession>[1]) {
  const demo = await startDemoSession(inMarch(day), s);
  await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), inMarch(day, seconds));
  return demo;
}

const linesOf = (statementId: string) =>
  db.statementLine.findMany({
    where: { statementId },
    orderBy: { kind: "asc" },
    select: { kind: true, quantity: true, unitPriceCents: true, amountCents: true },
  });

describe("ledger mode", () => {
  it("never reaches Stripe and finalizes a settled month as NOT_CHARGED", async () => {
    expect(await runStripeSync()).toEqual({ skipped: true });
    // Without keys the webhook cannot verify anything: 400, nothing stored.
    const hook = await POST(
      new Request("http://localhost/api/stripe/webhook", { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=00" } }),
    );
    expect(hook.status).toBe(400);
    expect(await db.stripeEvent.count()).toBe(0);

    const a = await demoWithMinutes(180, 3); // 3 minutes, 1 hit
    await demoWithMinutes(61, 4, a.s); // 2 minutes, 1 hit
    const orgId = a.s.org.id;

    const live = (await livePeriods([{ id: orgId, plan: "PER_MINUTE" }], inMarch(20))).get(orgId)!;
    expect(live.lines.map((l) => [l.kind, l.quantity, l.amountCents])).toEqual([
      ["VISITOR_MINUTE", 5, 30],
      ["SESSION_HIT", 2, 0],
    ]);

    // Open statement: recomputing gives the same result, even concurrently.
    await Promise.all([recomputeOpenStatement(orgId, inMarch(20)), recomputeOpenStatement(orgId, inMarch(20))]);
    const open = await db.statement.findFirstOrThrow({ where: { orgId, periodStart: MARCH.start } });
    expect(open).toMatchObject({ status: "OPEN", totalCents: 30, finalizedAt: null });
    const openLines = await linesOf(open.id);
    await recomputeOpenStatement(orgId, inMarch(21));
    expect(await linesOf(open.id)).toEqual(openLines);

    // Not before the month has settled...
    await closeBillingPeriods({ now: new Date(MARCH.end.getTime() + SETTLE_MS - 1), charged: false });
    expect((await db.statement.findUniqueOrThrow({ where: { id: open.id } })).finalizedAt).toBeNull();
    // ...then once.
    await runBillingClose(new Date(MARCH.end.getTime() + SETTLE_MS + 1000));
    const closed = await db.statement.findUniqueOrThrow({ where: { id: open.id } });
    expect(closed).toMatchObject({ status: "NOT_CHARGED", totalCents: 30, subtotalCents: 30, currency: "usd" });
    expect(closed.finalizedAt).not.toBeNull();
    expect(await linesOf(open.id)).toEqual([
      { kind: "VISITOR_MINUTE", quantity: 5, unitPriceCents: 6, amountCents: 30 },
      { kind: "SESSION_HIT", quantity: 2, unitPriceCents: 0, amountCents: 0 },
    ]);
    expect(await db.usageRecord.count({ where: { orgId, statementId: open.id } })).toBe(7);

    // Finalized is final: running the job again, or recomputing, changes nothing.
    const again = await closeBillingPeriods({ now: new Date(MARCH.end.getTime() + 2 * SETTLE_MS), charged: false });
    expect(again.finalized).toBe(0);
    await recomputeOpenStatement(orgId, inMarch(25));
    expect(await db.statement.findUniqueOrThrow({ where: { id: open.id } })).toEqual(closed);

    // A record written late for March (a worker was down) lands on April's statement, not lost.
    await db.usageRecord.create({ data: { orgId, kind: "VISITOR_MINUTE", occurredAt: inMarch(30), idempotencyKey: `late:${orgId}` } });
    const april = periodOf(new Date("2025-04-10T00:00:00Z"));
    await closeBillingPeriods({ now: new Date(april.end.getTime() + SETTLE_MS + 1), charged: false });
    const aprilSt = await db.statement.findFirstOrThrow({ where: { orgId, periodStart: april.start } });
    expect(aprilSt).toMatchObject({ status: "NOT_CHARGED", totalCents: 6 });
    expect(await linesOf(open.id)).toHaveLength(2);
    expect((await db.statement.findUniqueOrThrow({ where: { id: open.id } })).totalCents).toBe(30);
  });
});

describe("who reads billing", () => {
  it("shows the org's statements to billing.read, refuses agents, hides them from strangers; CSV likewise", async () => {
    const a = await demoWithMinutes(120, 5);
    await closeBillingPeriods({ now: new Date(MARCH.end.getTime() + SETTLE_MS + 1), charged: false });
    const orgId = a.s.org.id;

    const view = await callerFor(a.s.owner.user).billing.overview({ orgId });
    expect(view.mode).toBe("ledger");
    expect(view.canOpenPortal).toBe(false);
    const march = view.statements.find((st) => st.periodStart.getTime() === MARCH.start.getTime())!;
    expect(march).toMatchObject({ status: "NOT_CHARGED", totalCents: 12 });
    await expect(callerFor(a.s.agents[0]!.user).billing.overview({ orgId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stranger = await seedOrg();
    await expect(callerFor(stranger.owner.user).billing.overview({ orgId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const { filename, csv } = await statementCsvForUser(a.s.owner.user.id, march.id);
    expect(filename).toBe(`isession-${a.s.org.slug}-statement-2025-03.csv`);
    expect(csv.split("\r\n")).toEqual([
      "period,status,description,kind,quantity,unit_price_cents,amount_cents,currency",
      "2025-03,NOT_CHARGED,Visitor minutes,VISITOR_MINUTE,2,6,12,usd",
      '2025-03,NOT_CHARGED,"Sessions started (recorded, not billed on this plan)",SESSION_HIT,1,0,0,usd',
      "2025-03,NOT_CHARGED,Total,,,,12,usd",
      "",
    ]);
    for (const who of [a.s.agents[0]!.user.id, stranger.owner.user.id]) {
      const e = await statementCsvForUser(who, march.id).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("NOT_FOUND");
    }
  });

  it("gives a reseller its clients' totals and a floored share; others see nothing; the operator sees all", async () => {
    const reseller = await db.reseller.create({ data: { name: "VAR One", slug: `var-${Date.now()}`, revenueShareBps: 2000 } });
    const member = await createUser();
    await db.resellerMember.create({ data: { resellerId: reseller.id, userId: member.id } });
    const perMinute = await seedOrg({ name: "A client" });
    const perHit = await seedOrg({ name: "B client" });
    await db.organization.updateMany({ where: { id: { in: [perMinute.org.id, perHit.org.id] } }, data: { resellerId: reseller.id } });
    await db.organization.update({ where: { id: perHit.org.id }, data: { plan: "PER_HIT" } });
    await demoWithMinutes(180, 6, perMinute); // 3 minutes: 18 cents
    await demoWithMinutes(30, 6, perHit); // 1 hit: 45 cents
    await demoWithMinutes(30, 7, perHit); // 1 hit: 45 cents
    await meterTick(inMarch(8));
    await closeBillingPeriods({ now: new Date(MARCH.end.getTime() + SETTLE_MS + 1), charged: false });

    const rs = await db.resellerStatement.findUniqueOrThrow({
      where: { resellerId_periodStart: { resellerId: reseller.id, periodStart: MARCH.start } },
    });
    expect(rs).toMatchObject({ usageCents: 108, shareBps: 2000, shareCents: 21 }); // 21.6 floored

    // April: the share changes and a client leaves; the hourly job runs again. March, closed and
    // paid out, keeps its figures.
    await db.reseller.update({ where: { id: reseller.id }, data: { revenueShareBps: 5000 } });
    await db.organization.update({ where: { id: perHit.org.id }, data: { resellerId: null } });
    await closeBillingPeriods({ now: new Date(MARCH.end.getTime() + 5 * SETTLE_MS), charged: false });
    expect(await db.resellerStatement.findUniqueOrThrow({ where: { id: rs.id } })).toMatchObject({
      usageCents: 108,
      shareBps: 2000,
      shareCents: 21,
    });
    await db.organization.update({ where: { id: perHit.org.id }, data: { resellerId: reseller.id } });
    await db.reseller.update({ where: { id: reseller.id }, data: { revenueShareBps: 2000 } });

    const view = await callerFor(member).billing.reseller();
    const march = view.statements.find((st) => st.periodStart.getTime() === MARCH.start.getTime())!;
    expect(march).toMatchObject({ usageCents: 108, shareCents: 21 });
    expect(march.clients.map((c) => [c.name, c.totalCents]).sort()).toEqual([
      ["A client", 18],
      ["B client", 90],
    ]);
    // Not a reseller's member: refused, as the reseller portal refuses. A member sees only its own
    // reseller (resellerProcedure takes no reseller id from the caller).
    await expect(callerFor(perMinute.owner.user).billing.reseller()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(view.reseller.id).toBe(reseller.id);

    await expect(callerFor(member).billing.admin()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const operator = await createUser();
    await db.platformAdmin.create({ data: { userId: operator.id } });
    const admin = await callerFor(operator).billing.admin();
    expect(admin.mode).toBe("ledger");
    expect(admin.orgs.map((o) => o.id)).toEqual(expect.arrayContaining([perMinute.org.id, perHit.org.id]));
    expect(
      admin.resellerStatements.find((r) => r.reseller === "VAR One" && r.periodStart.getTime() === MARCH.start.getTime()),
    ).toMatchObject({ shareCents: 21 });
  });
});

describe("the hourly close", () => {
  it("closes every other org when one fails, runs the grace check, and fails the job so it retries", async () => {
    const JUNE = periodOf(new Date("2024-06-15T00:00:00Z"));
    const inJune = (day: number, seconds = 0) => new Date(Date.UTC(2024, 5, day, 10, 0, seconds));
    const broken = await startDemoSession(inJune(3));
    await leaveSession(await requireSeat({ visitorCookieId: broken.cookieId }, broken.session.id), inJune(3, 90));
    const fine = await startDemoSession(inJune(4));
    await leaveSession(await requireSeat({ visitorCookieId: fine.cookieId }, fine.session.id), inJune(4, 90));
    // A real database fault for one org only: its statements can't be written.
    await db.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_statement() RETURNS trigger AS $$
      BEGIN IF NEW."orgId" = '${broken.s.org.id}' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_statement BEFORE INSERT OR UPDATE ON "Statement" FOR EACH ROW EXECUTE FUNCTION test_refuse_statement()`,
    );
    try {
      await expect(runBillingClose(new Date(JUNE.end.getTime() + SETTLE_MS + 1))).rejects.toThrow(/1 org\(s\) failed to close/);
      expect(await db.statement.findFirstOrThrow({ where: { orgId: fine.s.org.id, periodStart: JUNE.start } })).toMatchObject({
        status: "NOT_CHARGED",
      });
      expect(await db.statement.count({ where: { orgId: broken.s.org.id, periodStart: JUNE.start } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER test_refuse_statement ON "Statement"`);
      await db.$executeRawUnsafe(`DROP FUNCTION test_refuse_statement()`);
    }
    // The retry closes the org that failed.
    await runBillingClose(new Date(JUNE.end.getTime() + SETTLE_MS + 2));
    expect(await db.statement.findFirstOrThrow({ where: { orgId: broken.s.org.id, periodStart: JUNE.start } })).toMatchObject({
      status: "NOT_CHARGED",
    });
  });
});

describe("changing plan", () => {
  it("takes effect on the 1st of the next month: the month it was chosen in closes on the old plan", async () => {
    const s = await seedOrg({ name: "Switching Co" });
    const owner = callerFor(s.owner.user);
    const JULY = periodOf(new Date("2024-07-15T00:00:00Z"));
    const inJuly = (day: number, seconds = 0) => new Date(Date.UTC(2024, 6, day, 10, 0, seconds));
    const demo = await startDemoSession(inJuly(2), s);
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), inJuly(2, 150)); // 3 minutes, 1 hit

    // The owner chooses per session on July 20th (through the domain function, for the clock).
    const { choosePlan } = await import("../../server/billing/plan-change");
    const ownerActor = memberActor({ userId: s.owner.user.id, membershipId: s.owner.membership.id, role: "OWNER" });
    expect(await choosePlan({ orgId: s.org.id, actor: ownerActor, plan: "PER_HIT", now: inJuly(20) })).toEqual({
      plan: "PER_MINUTE",
      nextPlan: "PER_HIT",
      nextPlanFrom: JULY.end,
    });
    // The router: owners only; another org's id is not found; a made-up plan is refused.
    await expect(callerFor(s.agents[0]!.user).billing.choosePlan({ orgId: s.org.id, plan: "PER_MINUTE" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const other = await seedOrg();
    await expect(callerFor(other.owner.user).billing.choosePlan({ orgId: s.org.id, plan: "PER_MINUTE" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(owner.billing.choosePlan({ orgId: s.org.id, plan: "PER_YEAR" as "PER_HIT" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await owner.billing.overview({ orgId: s.org.id })).nextPlan).toEqual({ id: "PER_HIT", from: JULY.end });

    // Before July has settled nothing changes.
    await runBillingClose(new Date(JULY.end.getTime() + SETTLE_MS - 1));
    expect((await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).plan).toBe("PER_MINUTE");
    // Once it has: July is billed per minute (3 × 6 ¢), and the org is per session from August 1st.
    await runBillingClose(new Date(JULY.end.getTime() + SETTLE_MS + 1));
    const july = await db.statement.findFirstOrThrow({ where: { orgId: s.org.id, periodStart: JULY.start } });
    expect(july).toMatchObject({ status: "NOT_CHARGED", totalCents: 18 });
    const org = await db.organization.findUniqueOrThrow({ where: { id: s.org.id } });
    expect(org).toMatchObject({ plan: "PER_HIT", nextPlan: null, nextPlanChosenAt: null, planSince: JULY.end });
    expect(
      await db.auditLog.count({ where: { orgId: s.org.id, action: { in: ["billing.plan_change_scheduled", "billing.plan_changed"] } } }),
    ).toBe(2);
  });

  it("cancels a pending change when the current plan is chosen again", async () => {
    const s = await seedOrg({ name: "Undecided Co" });
    const owner = callerFor(s.owner.user);
    expect((await owner.billing.choosePlan({ orgId: s.org.id, plan: "PER_HIT" })).nextPlan).toBe("PER_HIT");
    expect(await owner.billing.choosePlan({ orgId: s.org.id, plan: "PER_MINUTE" })).toEqual({
      plan: "PER_MINUTE",
      nextPlan: null,
      nextPlanFrom: null,
    });
    expect((await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).nextPlan).toBeNull();
  });
});
