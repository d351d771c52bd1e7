// What the billing pages show: an org's live period and past statements, a reseller's clients and
// share, and the operator's view of everything. Read-only.
import "server-only";
import { nextPlanFrom } from "./plan-change";
import { PLAN_LIST, PLANS } from "../../lib/plans";
import { db } from "../db";
import { notFound } from "../errors";
import { livePeriods } from "./ledger";
import { periodOf } from "./periods";
import { resellerShareCents } from "./pricing";
import { stripeEnabled } from "./stripe/client";

const lineSelect = { kind: true, description: true, quantity: true, unitPriceCents: true, amountCents: true } as const;
const statementSelect = {
  id: true,
  periodStart: true,
  periodEnd: true,
  status: true,
  currency: true,
  totalCents: true,
  finalizedAt: true,
  lines: { select: lineSelect, orderBy: { kind: "asc" } },
} as const;

export async function orgBillingOverview(orgId: string, now = new Date()) {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, plan: true, status: true, suspendedReason: true, stripeCustomerId: true, nextPlan: true, nextPlanChosenAt: true },
  });
  const live = (await livePeriods([org], now)).get(org.id)!;
  const statements = await db.statement.findMany({
    where: { orgId, periodStart: { lt: periodOf(now).start } },
    orderBy: { periodStart: "desc" },
    take: 24,
    select: statementSelect,
  });
  const plan = PLANS[org.plan];
  return {
    plan: { id: plan.id, name: plan.name, unitLabel: plan.unitLabel, unitPriceCents: plan.unitPriceCents, billedKind: plan.billedKind },
    status: org.status,
    suspendedReason: org.suspendedReason,
    mode: stripeEnabled() ? ("stripe" as const) : ("ledger" as const),
    canOpenPortal: stripeEnabled() && Boolean(org.stripeCustomerId),
    nextPlan: org.nextPlan && org.nextPlanChosenAt ? { id: org.nextPlan, from: nextPlanFrom(org.nextPlanChosenAt) } : null,
    current: {
      periodStart: live.periodStart,
      periodEnd: live.periodEnd,
      lines: live.lines,
      totalCents: live.totalCents,
      currency: live.currency,
    },
    statements,
  };
}

/** One statement of the org, for the CSV download: another org's id answers NOT_FOUND. */
export async function orgStatement(orgId: string, statementId: string) {
  const st = await db.statement.findFirst({ where: { id: statementId, orgId }, select: statementSelect });
  if (!st) throw notFound("Statement");
  return st;
}

export async function resellerBillingOverview(resellerId: string, now = new Date()) {
  const reseller = await db.reseller.findUniqueOrThrow({
    where: { id: resellerId },
    select: { id: true, name: true, revenueShareBps: true },
  });
  const clients = await db.organization.findMany({
    where: { resellerId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, plan: true, status: true },
  });
  const live = await livePeriods(clients, now);
  const currentTotal = clients.reduce((sum, c) => sum + live.get(c.id)!.totalCents, 0);
  const period = periodOf(now);
  const past = await db.resellerStatement.findMany({
    where: { resellerId, periodStart: { lt: period.start } },
    orderBy: { periodStart: "desc" },
    take: 12,
    select: { id: true, periodStart: true, periodEnd: true, currency: true, usageCents: true, shareBps: true, shareCents: true },
  });
  const pastLines = await db.statement.findMany({
    where: { orgId: { in: clients.map((c) => c.id) }, periodStart: { in: past.map((p) => p.periodStart) } },
    select: { orgId: true, periodStart: true, totalCents: true, status: true },
  });
  const nameOf = new Map(clients.map((c) => [c.id, c.name]));
  return {
    reseller,
    current: {
      periodStart: period.start,
      periodEnd: period.end,
      clients: clients.map((c) => ({ orgId: c.id, name: c.name, plan: c.plan, status: c.status, totalCents: live.get(c.id)!.totalCents })),
      usageCents: currentTotal,
      shareCents: resellerShareCents(currentTotal, reseller.revenueShareBps),
    },
    statements: past.map((p) => ({
      ...p,
      clients: pastLines
        .filter((l) => l.periodStart.getTime() === p.periodStart.getTime())
        .map((l) => ({ orgId: l.orgId, name: nameOf.get(l.orgId) ?? "(former client)", totalCents: l.totalCents, status: l.status })),
    })),
  };
}

export async function adminBillingOverview(now = new Date()) {
  const orgs = await db.organization.findMany({
    orderBy: { name: "asc" },
    take: 500,
    select: {
      id: true,
      name: true,
      plan: true,
      status: true,
      suspendedReason: true,
      stripeCustomerId: true,
      reseller: { select: { name: true } },
    },
  });
  const live = await livePeriods(orgs, now);
  // Only the kinds each org's plan bills are ever reported (its own and its attendees').
  const billed = PLAN_LIST.map((p) => ({
    kind: { in: [p.billedKind, p.attendeeKind] },
    org: { plan: p.id, stripeCustomerId: { not: null } },
  }));
  const [unreported, failing] = await Promise.all([
    db.usageRecord.count({
      where: {
        stripeReportedAt: null,
        AND: [
          { OR: billed },
          { OR: [{ stripeError: null }, { NOT: { stripeError: { startsWith: "permanent:" } } }] },
          { OR: [{ statementId: null }, { statement: { status: { not: "NOT_CHARGED" } } }] },
        ],
      },
    }),
    db.usageRecord.count({ where: { stripeReportedAt: null, stripeError: { startsWith: "permanent:" } } }),
  ]);
  const unpaid = await db.statement.findMany({
    where: { status: "PAYMENT_FAILED" },
    orderBy: { paymentFailedAt: "asc" },
    select: { id: true, orgId: true, periodStart: true, totalCents: true, paymentFailedAt: true, org: { select: { name: true } } },
  });
  const resellers = await db.resellerStatement.findMany({
    orderBy: [{ periodStart: "desc" }],
    take: 50,
    select: { id: true, periodStart: true, usageCents: true, shareBps: true, shareCents: true, reseller: { select: { name: true } } },
  });
  return {
    mode: stripeEnabled() ? ("stripe" as const) : ("ledger" as const),
    periodStart: periodOf(now).start,
    orgs: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      plan: o.plan,
      status: o.status,
      suspendedReason: o.suspendedReason,
      reseller: o.reseller?.name ?? null,
      hasStripeCustomer: Boolean(o.stripeCustomerId),
      currentCents: live.get(o.id)!.totalCents,
    })),
    stripe: { unreported, failing },
    unpaid: unpaid.map((u) => ({
      id: u.id,
      orgId: u.orgId,
      orgName: u.org.name,
      periodStart: u.periodStart,
      totalCents: u.totalCents,
      paymentFailedAt: u.paymentFailedAt,
    })),
    resellerStatements: resellers.map((r) => ({
      id: r.id,
      reseller: r.reseller.name,
      periodStart: r.periodStart,
      usageCents: r.usageCents,
      shareBps: r.shareBps,
      shareCents: r.shareCents,
    })),
  };
}
