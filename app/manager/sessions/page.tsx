// /manager/sessions: the archive explorer. Past sessions of the org by date range (the org's days),
// agent, launcher, scenario, visitor, outcome and what was said; newest first, 50 a page; each opens
// in the replay or downloads as a transcript, and the whole list downloads as CSV. A GET form and
// plain links: it works before any script loads, and a search is an address to share.
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { ArchiveFilters, type ArchiveFilterValues } from "@/components/reports/archive/archive-filters";
import { ArchiveResults, type ArchiveListRow } from "@/components/reports/archive/archive-results";
import { formatSeconds } from "@/components/reports/archive/format";
import { RangeForm } from "@/components/reports/range-form";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { FormAlert } from "@/components/ui/fields";
import { withBack } from "@/lib/back-link";
import { DISPOSITION_LABELS, MAX_CSV_ROWS } from "@/server/reports/archive/search";
import { localStamp } from "@/server/reports/archive/transcript";
import { ratingSummary } from "@/lib/survey-rules";

export const metadata: Metadata = { title: "Sessions archive" };
export const dynamic = "force-dynamic";

type Params = ArchiveFilterValues & { org?: string; from?: string; to?: string; cursor?: string };
const PATH = "/manager/sessions";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** A tRPC error as a sentence: the zod issue's own message when the input schema refused it. */
function messageOf(e: unknown): string {
  if (e instanceof TRPCError) {
    const issues = (e.cause as { issues?: { message: string }[] } | undefined)?.issues;
    return issues?.[0]?.message ?? e.message;
  }
  throw e;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export default async function SessionsArchivePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const p: Params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, one(v)]));
  const ctx = await reportsPageContext(PATH, p.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const membership = ctx.membership;
  const orgId = membership.org.id;
  const options = await ctx.api.reportsArchive.filters({ orgId });
  const tz = options.timeZone;
  const from = p.from ?? options.defaultRange.from;
  const to = p.to ?? options.defaultRange.to;
  const filters = {
    from,
    to,
    q: p.q,
    agentId: p.agent,
    launcherId: p.launcher,
    scenarioId: p.scenario,
    visitor: p.visitor,
    outcome: p.outcome,
  };
  const linkParams = {
    org: orgId,
    from,
    to,
    q: p.q,
    agent: p.agent,
    launcher: p.launcher,
    scenario: p.scenario,
    visitor: p.visitor,
    outcome: p.outcome,
  };
  const here = `${PATH}${query({ ...linkParams, cursor: p.cursor })}`;

  let result: Awaited<ReturnType<typeof ctx.api.reportsArchive.search>> | null = null;
  let error: string | null = null;
  try {
    result = await ctx.api.reportsArchive.search({ orgId, ...filters, cursor: p.cursor });
  } catch (e) {
    error = messageOf(e);
  }

  const rows: ArchiveListRow[] = (result?.rows ?? []).map((r) => ({
    sessionId: r.sessionId,
    started: localStamp(r.startedAt, tz).slice(0, 16),
    duration: formatSeconds(r.durationSec),
    wait: formatSeconds(r.waitSec),
    agents: r.agentNames || "–",
    visitor: [r.visitorName, r.visitorEmail].filter(Boolean).join(" · ") || "–",
    launcher: r.launcherName ?? "–",
    outcome: r.disposition ? DISPOSITION_LABELS[r.disposition] : r.endReason ? `Ended: ${r.endReason}` : "–",
    rating: ratingSummary(r.ratingScale, r.rating, r.ratingCount),
    replayHref: withBack(`/s/${encodeURIComponent(r.sessionId)}/replay`, here),
    textHref: `${PATH}/${encodeURIComponent(r.sessionId)}/transcript${query({ org: orgId, format: "text" })}`,
    jsonHref: `${PATH}/${encodeURIComponent(r.sessionId)}/transcript${query({ org: orgId, format: "json" })}`,
  }));

  return (
    <ReportsShell
      ctx={{ ...ctx, membership }}
      current={PATH}
      title="Sessions"
      description="Find any past session by when, who, where it came from, how it ended, or what was said."
      action={
        result && result.rows.length > 0 ? (
          <a
            href={`${PATH}/csv${query(linkParams)}`}
            className="inline-flex h-10 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-medium text-slate-700 hover:bg-slate-50"
            download
          >
            Download list (CSV)
          </a>
        ) : undefined
      }
    >
      <RangeForm from={from} to={to} timeZone={tz} hidden={{ org: orgId }}>
        <ArchiveFilters
          values={p}
          agents={options.agents}
          launchers={options.launchers}
          scenarios={options.scenarios}
          outcomes={options.outcomes}
        />
      </RangeForm>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {result ? (
        <section aria-label="Results" className="space-y-3">
          <ArchiveResults rows={rows} timeZone={tz} />
          {result.nextCursor || p.cursor ? (
            // Counting every match on each page load would cost what the keyset saves; with more than one
            // page the limit may apply, and the file's last line says when it did.
            <p className="text-sm text-slate-500">
              The CSV holds the newest {MAX_CSV_ROWS.toLocaleString("en-US")} matching sessions at most; if more match, its last line says
              so. Narrow the dates or filters for the rest.
            </p>
          ) : null}
          <nav aria-label="Pages" className="flex flex-wrap justify-between gap-2 text-sm">
            {p.cursor ? (
              <Link href={`${PATH}${query(linkParams)}`} className="text-brand-700 underline">
                Newest first
              </Link>
            ) : (
              <span />
            )}
            {result.nextCursor ? (
              <Link href={`${PATH}${query({ ...linkParams, cursor: result.nextCursor })}`} className="font-medium text-brand-700 underline">
                Older sessions
              </Link>
            ) : null}
          </nav>
        </section>
      ) : null}
    </ReportsShell>
  );
}
