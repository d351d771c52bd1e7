// The ledger: usage records roll up into one Statement per org and month. Quantities are summed in
// the database; prices come from lib/plans.ts (server/billing/pricing.ts). The open period can be
// recomputed any number of times with the same result; a month is finalized once it has settled.
//
// Which records a statement holds: the open statement of period P shows the records of P not yet on
// a statement. Finalizing P attaches every record not yet on a statement that occurred before P's
// end (so a record written late for an already-finalized month lands on the next statement), then
// prices them. A finalized statement (finalizedAt set) never changes again except for its payment status.
import "server-only";
import { applyScheduledPlans } from "./plan-change";
import { db } from "../db";
import type { BillingPlan, StatementStatus, UsageKind } from "../generated/prisma/enums";
import type { Prisma } from "../generated/prisma/client";
import { periodOf, previousPeriod, type Period } from "./periods";
import { priceUsage, resellerShareCents } from "./pricing";
import { queueWebhookEvent } from "../webhooks/emit";

type Tx = Prisma.TransactionClient;

/** Past a month's end, wait this long before finalizing it (late minute records settle). */
export const SETTLE_MS = 60 * 60 * 1000;

/** A big org's month attaches many rows: more time than Prisma's 5 s default. */
const LEDGER_TX = { timeout: 120_000, maxWait: 10_000 };

type KindRow = { orgId: string; kind: UsageKind; quantity: number };

/** Unattached usage of `orgIds` in [start, end), summed per org and kind (one query). */
async function openUsage(sql: Tx | typeof db, orgIds: string[], period: Period): Promise<KindRow[]> {
  if (orgIds.length === 0) return [];
  return sql.$queryRaw<KindRow[]>`
    SELECT "orgId", kind, sum(quantity)::int AS quantity
    FROM "UsageRecord"
    WHERE "orgId" = ANY(${orgIds}::text[]) AND "statementId" IS NULL
      AND "occurredAt" >= ${period.start}::timestamptz AND "occurredAt" < ${period.end}::timestamptz
    GROUP BY "orgId", kind`;
}

export type LivePeriod = ReturnType<typeof priceUsage> & { periodStart: Date; periodEnd: Date; plan: BillingPlan };

/** The current period as it stands now, for many orgs at once (read-only). */
export async function livePeriods(orgs: { id: string; plan: BillingPlan }[], now = new Date()): Promise<Map<string, LivePeriod>> {
  const period = periodOf(now);
  const rows = await openUsage(
    db,
    orgs.map((o) => o.id),
    period,
  );
  return new Map(
    orgs.map((o) => [
      o.id,
      {
        ...priceUsage(
          o.plan,
          rows.filter((r) => r.orgId === o.id),
        ),
        periodStart: period.start,
        periodEnd: period.end,
        plan: o.plan,
      },
    ]),
  );
}

/** The org's statement for `period`, created OPEN if missing, locked for this transaction. */
export async function lockStatement(tx: Tx, orgId: string, period: Period) {
  // Upsert then lock: concurrent recomputes of one statement run one after the other. No conflict
  // target: the id is derived from (orgId, periodStart), so a race may clash on either index.
  await tx.$executeRaw`
    INSERT INTO "Statement" (id, "orgId", "periodStart", "periodEnd", status, currency, "createdAt", "updatedAt")
    VALUES ('st_' || md5(${orgId} || ${period.start.toISOString()}), ${orgId}, ${period.start}, ${period.end}, 'OPEN', 'usd', now(), now())
    ON CONFLICT DO NOTHING`;
  const [row] = await tx.$queryRaw<{ id: string; status: StatementStatus; finalizedAt: Date | null }[]>`
    SELECT id, status, "finalizedAt" FROM "Statement" WHERE "orgId" = ${orgId} AND "periodStart" = ${period.start} FOR UPDATE`;
  return row!;
}

async function writeLines(tx: Tx, orgId: string, statementId: string, plan: BillingPlan, usage: KindRow[]) {
  const priced = priceUsage(plan, usage);
  await tx.statementLine.deleteMany({ where: { statementId } });
  await tx.statementLine.createMany({ data: priced.lines.map((l) => ({ ...l, orgId, statementId })) });
  await tx.statement.update({
    where: { id: statementId },
    data: { subtotalCents: priced.totalCents, totalCents: priced.totalCents, currency: priced.currency },
  });
  return priced;
}

/** Recomputes the org's statement for the period containing `now` (idempotent). */
export async function recomputeOpenStatement(orgId: string, now = new Date()) {
  const period = periodOf(now);
  return db.$transaction(async (tx) => {
    const st = await lockStatement(tx, orgId, period);
    if (st.finalizedAt) return { statementId: st.id, changed: false };
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true } });
    await writeLines(tx, orgId, st.id, org.plan, await openUsage(tx, [orgId], period));
    return { statementId: st.id, changed: true };
  }, LEDGER_TX);
}

/**
 * Closes the org's statement for `period`: attaches the records, prices them on the org's plan at
 * that moment, and marks it FINALIZED (Stripe charges it) or NOT_CHARGED (ledger mode). Idempotent.
 */
export async function finalizeStatement(orgId: string, period: Period, opts: { charged: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const st = await lockStatement(tx, orgId, period);
    if (st.finalizedAt) return { statementId: st.id, finalized: false };
    await tx.$executeRaw`
      UPDATE "UsageRecord" SET "statementId" = ${st.id}
      WHERE "orgId" = ${orgId} AND "statementId" IS NULL AND "occurredAt" < ${period.end}::timestamptz`;
    const usage = await tx.$queryRaw<KindRow[]>`
      SELECT "orgId", kind, sum(quantity)::int AS quantity FROM "UsageRecord" WHERE "statementId" = ${st.id} GROUP BY "orgId", kind`;
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true } });
    await writeLines(tx, orgId, st.id, org.plan, usage);
    // A payment status Stripe already reported (PAID, PAYMENT_FAILED) is kept.
    const status = st.status === "OPEN" ? (opts.charged ? "FINALIZED" : "NOT_CHARGED") : st.status;
    const closed = await tx.statement.update({ where: { id: st.id }, data: { status, finalizedAt: now } });
    await queueWebhookEvent(tx, orgId, "statement.closed", {
      statementId: st.id,
      periodStart: closed.periodStart.toISOString(),
      periodEnd: closed.periodEnd.toISOString(),
      status: closed.status,
      currency: closed.currency,
      totalCents: closed.totalCents,
      finalizedAt: now.toISOString(),
    });
    return { statementId: st.id, finalized: true };
  }, LEDGER_TX);
}

/**
 * A reseller's statement for `period`: its sub-clients' statement totals and its share (idempotent).
 * For a `closed` month the statement is frozen once written after its clients' statements were
 * finalized: a later change of the reseller's share, or a client moving to another reseller, must
 * not rewrite a month already paid out. It is written again only if a client's statement was
 * finalized after it (a late close), and then keeps the share it was written with.
 */
export async function recomputeResellerStatement(resellerId: string, period: Period, opts: { closed?: boolean } = {}) {
  const where = { resellerId_periodStart: { resellerId, periodStart: period.start } };
  const existing = opts.closed ? await db.resellerStatement.findUnique({ where }) : null;
  const [row] = await db.$queryRaw<{ usage: bigint; lastFinalized: Date | null }[]>`
    SELECT COALESCE(sum(st."totalCents"), 0)::bigint AS usage, max(st."finalizedAt") AS "lastFinalized"
    FROM "Statement" st JOIN "Organization" o ON o.id = st."orgId"
    WHERE o."resellerId" = ${resellerId} AND st."periodStart" = ${period.start}::timestamptz`;
  if (existing && row?.lastFinalized && existing.updatedAt >= row.lastFinalized) return existing;
  const shareBps =
    existing?.shareBps ??
    (await db.reseller.findUniqueOrThrow({ where: { id: resellerId }, select: { revenueShareBps: true } })).revenueShareBps;
  const usageCents = Number(row?.usage ?? 0n);
  const shareCents = resellerShareCents(usageCents, shareBps);
  return db.resellerStatement.upsert({
    where,
    create: { resellerId, periodStart: period.start, periodEnd: period.end, usageCents, shareBps, shareCents },
    update: { usageCents, shareBps, shareCents },
  });
}

/**
 * The hourly ledger job: finalize every settled month still open (or with unattached usage), refresh
 * the open statements of orgs with usage this month, then the resellers' statements.
 */
export async function closeBillingPeriods(opts: { now?: Date; charged: boolean }) {
  const now = opts.now ?? new Date();
  const current = periodOf(now);
  // The latest period whose end is at least SETTLE_MS ago.
  const closable = previousPeriod(new Date(now.getTime() - SETTLE_MS));

  let finalized = 0;
  const due = await db.$queryRaw<{ orgId: string }[]>`
    SELECT DISTINCT "orgId" FROM "UsageRecord" WHERE "statementId" IS NULL AND "occurredAt" < ${closable.end}::timestamptz
    UNION
    SELECT "orgId" FROM "Statement" WHERE "finalizedAt" IS NULL AND "periodEnd" <= ${closable.end}::timestamptz`;
  // One org's failure must not hold up every other org's close (nor the grace check after it):
  // failures are collected, the rest goes on, and the job is failed at the end so it retries.
  const failures: { orgId: string; error: unknown }[] = [];
  for (const { orgId } of due) {
    try {
      // Older open statements first (each attaches only what occurred before its own end).
      const open = await db.statement.findMany({
        where: { orgId, finalizedAt: null, periodEnd: { lte: closable.end } },
        orderBy: { periodStart: "asc" },
        select: { periodStart: true, periodEnd: true },
      });
      for (const st of open)
        if ((await finalizeStatement(orgId, { start: st.periodStart, end: st.periodEnd }, { ...opts, now })).finalized) finalized++;
      if ((await finalizeStatement(orgId, closable, { ...opts, now })).finalized) finalized++;
    } catch (error) {
      failures.push({ orgId, error });
    }
  }

  // Plans chosen for "next month" start now that the month they were chosen in is closed.
  const planChanged = await applyScheduledPlans(closable, { skip: new Set(failures.map((f) => f.orgId)) });

  const active = await db.$queryRaw<{ orgId: string }[]>`
    SELECT DISTINCT "orgId" FROM "UsageRecord"
    WHERE "statementId" IS NULL AND "occurredAt" >= ${current.start}::timestamptz AND "occurredAt" < ${current.end}::timestamptz`;
  for (const { orgId } of active) await recomputeOpenStatement(orgId, now);

  const resellers = await db.reseller.findMany({ select: { id: true } });
  for (const r of resellers) {
    await recomputeResellerStatement(r.id, closable, { closed: true });
    await recomputeResellerStatement(r.id, current);
  }
  return { finalized, refreshed: active.length, planChanged: planChanged.length, failures };
}
