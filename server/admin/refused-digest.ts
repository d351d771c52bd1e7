// The operators' hourly digest of refused linking sites (issue 16 part 6): sites that tried to use a
// launcher without being allowed (server/launchers/unauthorized.ts audits each attempt) and that are
// NEW since the last digest, i.e. not seen for that org before the watermark. One email per platform
// admin, and only when there is something new; the full list stays at /admin/refused-visits.
// The watermark trails the clock by a minute, so an attempt still being committed when the digest
// runs is counted in the next one instead of being skipped.
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { UNAUTHORIZED_ACTION } from "../launchers/unauthorized";
import { requestEmailDelivery } from "../notifications/deliver";
import { escapeHtml, queueEmail } from "../notifications/email";

export const REFUSED_DIGEST_KEY = "refused-sites";
const SETTLE_MS = 60_000;
const MAX_LISTED = 100;

export type RefusedSite = { orgId: string | null; orgName: string | null; host: string; attempts: number; firstAt: Date; lastAt: Date };

export async function sendRefusedDigest(opts: { now?: Date } = {}): Promise<{ sites: number; emails: number }> {
  const upTo = new Date((opts.now ?? new Date()).getTime() - SETTLE_MS);
  const result = await db.$transaction(async (tx) => {
    // One digest at a time, whatever the number of workers.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`digest:${REFUSED_DIGEST_KEY}`}, 0))`;
    const state = await tx.operatorDigestState.findUnique({ where: { key: REFUSED_DIGEST_KEY } });
    const since = state?.watermark ?? new Date(0);
    if (upTo <= since) return { sites: 0, emails: 0 };
    const sites = await tx.$queryRaw<RefusedSite[]>`
      SELECT a."orgId", o.name AS "orgName", a.data->>'host' AS host, count(*)::int AS attempts,
             min(a."createdAt") AS "firstAt", max(a."createdAt") AS "lastAt"
      FROM "AuditLog" a LEFT JOIN "Organization" o ON o.id = a."orgId"
      WHERE a.action = ${UNAUTHORIZED_ACTION} AND a."createdAt" > ${since} AND a."createdAt" <= ${upTo}
        AND a.data->>'host' IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM "AuditLog" b
          WHERE b.action = ${UNAUTHORIZED_ACTION} AND b."orgId" IS NOT DISTINCT FROM a."orgId"
            AND b."createdAt" <= ${since} AND b.data->>'host' = a.data->>'host')
      GROUP BY a."orgId", o.name, a.data->>'host'
      ORDER BY attempts DESC, host ASC`;
    await tx.operatorDigestState.upsert({
      where: { key: REFUSED_DIGEST_KEY },
      create: { key: REFUSED_DIGEST_KEY, watermark: upTo },
      update: { watermark: upTo },
    });
    if (sites.length === 0) return { sites: 0, emails: 0 };
    const operators = await tx.platformAdmin.findMany({ select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
    const email = digestEmail(sites, since);
    for (const op of operators) await queueEmail(tx, { orgId: null, to: op.user.email, ...email });
    return { sites: sites.length, emails: operators.length };
  });
  if (result.emails > 0) await requestEmailDelivery();
  return result;
}

function digestEmail(sites: RefusedSite[], since: Date) {
  const listed = sites.slice(0, MAX_LISTED);
  const more = sites.length - listed.length;
  const page = new URL("/admin/refused-visits", env.NEXTAUTH_URL).toString();
  const line = (s: RefusedSite) =>
    `${s.host} -> ${s.orgName ?? "(no organization)"}: ${s.attempts} attempt${s.attempts === 1 ? "" : "s"}, last ${s.lastAt.toISOString()}`;
  const window = since.getTime() === 0 ? "so far" : `since ${since.toISOString()}`;
  const subject = `iSession: ${sites.length} new refused linking site${sites.length === 1 ? "" : "s"}`;
  const intro = `Sites that tried to send visitors to a launcher without being allowed, seen for the first time ${window}:`;
  const text = `${intro}\n\n${listed.map(line).join("\n")}${more > 0 ? `\n…and ${more} more` : ""}\n\nEvery attempt: ${page}\n`;
  const html = `<p>${escapeHtml(intro)}</p><ul>${listed.map((s) => `<li>${escapeHtml(line(s))}</li>`).join("")}</ul>${more > 0 ? `<p>…and ${more} more</p>` : ""}<p><a href="${escapeHtml(page)}">Every attempt</a></p>`;
  return { subject, text: text.replace(/\n{3,}/g, "\n\n"), html };
}
