// The nightly retention job (docs/privacy.md): per org, what is older than its `retentionDays` loses
// its personal data, as personal-data.ts says per table, while the rows statements and reports count
// stay. Rows come due in time order, so each kind is walked from a watermark (RetentionWatermark) in
// batches of BATCH_SIZE ids, one short transaction per batch that also moves the watermark: a large
// org never holds a long transaction, a run stopped half way resumes where it was, and a second run
// finds nothing to do. Every statement is also written to change only rows not yet anonymised.
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { AGE_KINDS, PERSONAL_DATA, type AgeKind } from "./personal-data";

export const MIN_RETENTION_DAYS = 30;
/** Seven years (7 × 365 + 2 leap days). */
export const MAX_RETENTION_DAYS = 2557;
export const DEFAULT_RETENTION_DAYS = 365;
export const BATCH_SIZE = 500;
const DAY_MS = 86_400_000;

/** Where each kind's time lives: the column a row comes due by. */
const SOURCES: Record<AgeKind, { table: Prisma.Sql; time: Prisma.Sql }> = {
  sessions: { table: Prisma.raw(`"Session"`), time: Prisma.raw(`"endedAt"`) },
  queueEntries: { table: Prisma.raw(`"QueueEntry"`), time: Prisma.raw(`"enqueuedAt"`) },
  visitors: { table: Prisma.raw(`"Visitor"`), time: Prisma.raw(`"lastSeenAt"`) },
};

export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export type RetentionResult = { orgId: string; cutoff: Date; batches: number; rows: Record<string, number> };

/** Ages one org's data older than its retention. Safe to run again, and concurrently with itself. */
export async function ageOrg(orgId: string, opts: { now?: Date; batchSize?: number } = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { retentionDays: true } });
  const cutoff = retentionCutoff(org.retentionDays, now);
  const rows: Record<string, number> = {};
  const add = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
  let batches = 0;

  for (const kind of AGE_KINDS) {
    const src = SOURCES[kind];
    const entries = PERSONAL_DATA.flatMap((e) => (e.age ?? []).flatMap((a) => (a.kind === kind ? [{ table: e.table, run: a.run }] : [])));
    for (;;) {
      const done = await db.$transaction(async (tx) => {
        // The watermark row is locked for the batch: two runs of one org take turns, batch by batch.
        await tx.$executeRaw`
          INSERT INTO "RetentionWatermark" ("orgId", kind, "doneBefore", "lastId", "updatedAt") VALUES (${orgId}, ${kind}, 'epoch', '', now())
          ON CONFLICT ("orgId", kind) DO NOTHING`;
        const [wm] = await tx.$queryRaw<{ doneBefore: Date; lastId: string }[]>`
          SELECT "doneBefore", "lastId" FROM "RetentionWatermark" WHERE "orgId" = ${orgId} AND kind = ${kind} FOR UPDATE`;
        const due = await tx.$queryRaw<{ id: string; t: Date }[]>`
          SELECT id, ${src.time} AS t FROM ${src.table}
          WHERE "orgId" = ${orgId} AND ${src.time} < ${cutoff} AND (${src.time}, id) > (${wm!.doneBefore}, ${wm!.lastId})
          ORDER BY ${src.time}, id LIMIT ${batchSize}`;
        if (due.length === 0) return true;
        const ids = due.map((d) => d.id);
        for (const e of entries) add(e.table, await e.run(tx, { orgId, ids }));
        const last = due[due.length - 1]!;
        await tx.$executeRaw`
          UPDATE "RetentionWatermark" SET "doneBefore" = ${last.t}, "lastId" = ${last.id}, "updatedAt" = now()
          WHERE "orgId" = ${orgId} AND kind = ${kind}`;
        batches += 1;
        return due.length < batchSize;
      });
      if (done) break;
    }
  }
  // Org-wide entries: bounded by the org's own small tables (bookings, outbox, term roll-up days).
  for (const e of PERSONAL_DATA) {
    for (const age of e.age ?? []) {
      if (age.kind !== "org") continue;
      add(e.table, await db.$transaction((tx) => age.run(tx, { orgId, cutoff })));
    }
  }
  return { orgId, cutoff, batches, rows };
}

/** The nightly job: every org, one after the other; one org's failure does not stop the others. */
export async function runRetention(
  opts: { now?: Date; batchSize?: number } = {},
): Promise<{ results: RetentionResult[]; failed: string[] }> {
  const orgs = await db.organization.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  const results: RetentionResult[] = [];
  const failed: string[] = [];
  for (const o of orgs) {
    try {
      results.push(await ageOrg(o.id, opts));
    } catch (e) {
      failed.push(o.id);
      console.error(`[privacy] retention of ${o.id} failed: ${(e as Error).message}`);
    }
  }
  return { results, failed };
}
