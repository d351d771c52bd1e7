// Erase one visitor on request (docs/privacy.md): every entry of personal-data.ts erases its rows in
// one transaction, the archive explorer's documents of their sessions are rewritten from what is
// left, an audit row says who asked, when, by which kind of identifier and how many rows changed
// (never a value that was erased), and after the commit the term roll-up of their days is rebuilt.
// The dashboard's privacy page calls it; it takes plain ids so other callers can too.
import "server-only";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError } from "../errors";
import { rebuildTerms } from "../reports/trends/rollup";
import { indexEndedSession } from "../reports/archive/index-doc";
import { visitorsFor, type VisitorIdentifier } from "./identify";
import { AGED_NAME, ERASED_NAME, PERSONAL_DATA, type ErasureScope } from "./personal-data";

/** Names shorter than this are not looked for in others' words: "Al" would mask half the transcript. */
const MIN_MENTION_LENGTH = 3;
const DAY_MS = 86_400_000;

/** PostgreSQL regular expression special characters, escaped so a name matches as itself. */
const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/**
 * A regular expression for these names (whole, and each part: "Thanks, Ann" names Ann Lee as much
 * as her full name does) and phrases (addresses, questions: only whole) as whole words, or null when
 * none is long enough.
 */
export function mentionPattern(names: (string | null | undefined)[], phrases: (string | null | undefined)[] = []): string | null {
  const generic = new Set([AGED_NAME, ERASED_NAME].map((w) => w.toLowerCase()));
  const all = [
    ...names.flatMap((w) => {
      const whole = (w ?? "").trim();
      // A placeholder a seat already carries is nobody's name, nor are its parts.
      return generic.has(whole.toLowerCase()) ? [] : [whole, ...whole.split(/\s+/)];
    }),
    ...phrases.map((p) => (p ?? "").trim()),
  ];
  const unique = [...new Set(all.filter((w) => w.length >= MIN_MENTION_LENGTH && !generic.has(w.toLowerCase())))];
  if (unique.length === 0) return null;
  // Longest first, so "Ann Lee" is masked whole before "Ann" is looked for.
  unique.sort((a, b) => b.length - a.length);
  return `(?<![[:alnum:]_])(${unique.map(escapeRegex).join("|")})(?![[:alnum:]_])`;
}

export type ErasureResult = { visitorIds: string[]; rows: Record<string, number>; total: number };

export async function eraseVisitor(input: {
  orgId: string;
  /** Who asked (its ip is kept on the audit row). */
  actor: MemberActor;
  identifier: VisitorIdentifier;
}): Promise<ErasureResult> {
  const { orgId } = input;
  const { identifier, visitors } = await visitorsFor(orgId, input.identifier);
  const visitorIds = visitors.map((v) => v.id);

  const result = await db.$transaction(
    async (tx) => {
      // Nothing of theirs may be written while it is erased: a live seat or a waiting entry would
      // keep adding their words. Locking the rows also makes two erasures of one visitor take turns.
      await tx.$executeRaw`SELECT id FROM "Visitor" WHERE "orgId" = ${orgId} AND id = ANY(${visitorIds}) FOR UPDATE`;
      const live = await tx.participant.count({
        where: { orgId, visitorId: { in: visitorIds }, leftAt: null, session: { status: "ACTIVE" } },
      });
      const waiting = await tx.queueEntry.count({
        where: { orgId, visitorId: { in: visitorIds }, status: { in: ["WAITING", "OFFERED"] } },
      });
      if (live > 0 || waiting > 0)
        throw new AppError("CONFLICT", "This visitor is in a live session or waiting in the queue now. Erase them once that is over.");

      const seats = await tx.participant.findMany({
        where: { orgId, visitorId: { in: visitorIds } },
        select: { id: true, sessionId: true, displayName: true },
      });
      const entries = await tx.queueEntry.findMany({
        where: { orgId, visitorId: { in: visitorIds } },
        select: { id: true, enqueuedAt: true, question: true, session: { select: { id: true } } },
      });
      const scheduled = await tx.scheduledSession.findMany({
        where: { orgId, visitorId: { in: visitorIds } },
        select: { name: true, email: true, question: true },
      });
      const sessionIds = [...new Set([...seats.map((s) => s.sessionId), ...entries.flatMap((e) => (e.session ? [e.session.id] : []))])];
      const questions = await tx.question.findMany({
        where: { orgId, askerParticipantId: { in: seats.map((s) => s.id) } },
        select: { id: true },
      });
      // Their survey comments: quoted whole in the survey.answered webhook bodies (WebhookDelivery).
      const comments = await tx.surveyAnswer.findMany({
        where: {
          orgId,
          comment: { not: null },
          OR: [{ visitorId: { in: visitorIds } }, { participantId: { in: seats.map((s) => s.id) } }],
        },
        select: { comment: true },
      });
      const emails = [
        ...new Set(
          [identifier.kind === "email" ? identifier.value : null, ...visitors.map((v) => v.email), ...scheduled.map((s) => s.email)]
            .filter((e): e is string => !!e)
            .map((e) => e.toLowerCase()),
        ),
      ];
      const scope: ErasureScope = {
        orgId,
        visitorIds,
        participantIds: seats.map((s) => s.id),
        sessionIds,
        queueEntryIds: entries.map((e) => e.id),
        questionIds: questions.map((q) => q.id),
        emails,
        // Their questions and survey comments too, whole: a notice, an email to staff or a webhook
        // body may quote one.
        mentionPattern: mentionPattern(
          [...visitors.map((v) => v.name), ...seats.map((s) => s.displayName), ...scheduled.map((s) => s.name)],
          [...emails, ...entries.map((e) => e.question), ...scheduled.map((s) => s.question), ...comments.map((c) => c.comment)],
        ),
      };

      const rows: Record<string, number> = {};
      for (const entry of PERSONAL_DATA) rows[entry.table] = (rows[entry.table] ?? 0) + (await entry.erase(tx, scope));
      // The explorer's documents, rewritten from the erased rows (a live session has none).
      const ended = await tx.session.findMany({ where: { orgId, id: { in: sessionIds }, status: "ENDED" }, select: { id: true } });
      for (const s of ended) await indexEndedSession(tx, orgId, s.id);
      rows.SessionSearchDoc = (rows.SessionSearchDoc ?? 0) + ended.length;
      const total = Object.values(rows).reduce((a, b) => a + b, 0);

      await recordAudit(tx, input.actor, {
        orgId,
        action: "privacy.visitor_erased",
        targetType: "Visitor",
        targetId: visitorIds[0]!,
        // The kind of identifier and the opaque row ids, never the name, address or cookie asked for.
        data: { identifier: identifier.kind, visitorIds, rows, total },
      });
      // Terms count questions on the day they queued and lines on the day they were said.
      const said = await tx.sessionEvent.aggregate({
        where: { orgId, sessionId: { in: sessionIds } },
        _min: { createdAt: true },
        _max: { createdAt: true },
      });
      const times = [...entries.map((e) => e.enqueuedAt), said._min.createdAt, said._max.createdAt].flatMap((t) =>
        t ? [t.getTime()] : [],
      );
      const days = times.length ? { from: new Date(Math.min(...times) - DAY_MS), to: new Date(Math.max(...times) + DAY_MS) } : null;
      return { rows, total, days };
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );

  // The trends' words of their days come from the erased rows now; rebuilt after the commit, as the
  // roll-up reads the base tables in its own transaction. A failure leaves the nightly retention and
  // the next rebuild to finish it; the erasure itself stands.
  if (result.days) {
    await rebuildTerms(orgId, result.days.from, result.days.to).catch((e: unknown) =>
      console.error(`[privacy] term roll-up of ${orgId} not rebuilt after an erasure: ${(e as Error).message}`),
    );
  }
  return { visitorIds, rows: result.rows, total: result.total };
}
