// The usage report of one org over a range of local days, read from the usage roll-ups only.
import "server-only";
import { db } from "../../db";
import { AppError } from "../../errors";
import { lastDays, resolveRange, type ReportRange, type ReportRangeInput } from "../range";
import { orgTimeZone } from "./window";
import { agentRatings } from "../../surveys/agent-ratings";

export interface AgentUsageRow {
  membershipId: string;
  name: string;
  sessions: number;
  handleMinutes: number;
  avgHandleMinutes: number | null;
  visitorMinutes: number;
  /** Average seconds from the agent joining to the agent's first room chat line (sessions with one). */
  avgFirstReplySeconds: number | null;
  peakSessions: number;
  /** Satisfaction survey answers to the agent's sessions that started in the range (docs/surveys.md). */
  ratingAnswers: number;
  /** Average of the star answers (1-5), null without any. */
  avgStars: number | null;
  /** Share of the thumbs answers that were up, in percent; null without any. */
  thumbsUpPercent: number | null;
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
  visitorMinutes: number;
}

export interface UsageReport {
  range: Pick<ReportRange, "fromDay" | "toDay" | "timeZone" | "days">;
  totals: { sessions: number; visitorMinutes: number; handleMinutes: number };
  agents: AgentUsageRow[];
  /** 7 x 24 cells, weekday 1 = Monday ... 7 = Sunday, hour 0-23 local: ended sessions started then. */
  heatmap: { weekday: number; hour: number; sessions: number }[];
  launchers: CountRow[];
  scenarios: CountRow[];
  /** Arrivals by the page the launcher sat on (where visitors came from). */
  pages: CountRow[];
  /** Sessions led to each page. */
  ledTo: CountRow[];
  /** Terms in visitors' questions: how many questions mention each. */
  subjects: { term: string; count: number }[];
}

const TOP = 20;
const minutes = (seconds: number) => Math.round(seconds / 6) / 10;

async function memberNames(orgId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.membership.findMany({
    where: { orgId, id: { in: ids } },
    select: { id: true, displayName: true, user: { select: { name: true, email: true } } },
  });
  return new Map(rows.map((m) => [m.id, m.displayName ?? m.user.name ?? m.user.email]));
}

/** An agent filter must name a member of this org: anything else is the same BAD_REQUEST. */
async function checkAgent(orgId: string, membershipId: string | undefined) {
  if (!membershipId) return;
  const found = await db.membership.findFirst({ where: { id: membershipId, orgId }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", "That agent is not a member of this organization.");
}

/** The page's default: the last 30 days. */
export const USAGE_DEFAULT_DAYS = 30;

export async function usageReport(input: { orgId: string; range?: ReportRangeInput; membershipId?: string }): Promise<UsageReport> {
  const { orgId } = input;
  const tz = await orgTimeZone(orgId);
  const r = resolveRange(input.range ?? lastDays(USAGE_DEFAULT_DAYS, tz), tz);
  await checkAgent(orgId, input.membershipId);
  const from = r.fromDay;
  const to = r.toDay;
  const agentFilter = input.membershipId ?? null;

  const [ratings, agentRows, heatRows, dimRows, termRows] = await Promise.all([
    agentRatings(orgId, r.start, r.end, input.membershipId),
    db.$queryRaw<
      {
        membershipId: string;
        sessions: number;
        handle: number;
        visitor: number;
        replied: number;
        reply: number;
        peak: number;
      }[]
    >`
      SELECT "membershipId", SUM(sessions)::int AS sessions, SUM("handleSeconds")::float8 AS handle, SUM("visitorSeconds")::float8 AS visitor,
             SUM("repliedSessions")::int AS replied, SUM("firstReplySeconds")::float8 AS reply, MAX("peakSessions")::int AS peak
      FROM "RollupAgentDay"
      WHERE "orgId" = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date AND (${agentFilter}::text IS NULL OR "membershipId" = ${agentFilter})
      GROUP BY "membershipId"`,
    db.$queryRaw<{ weekday: number; hour: number; sessions: number; visitor: number }[]>`
      SELECT EXTRACT(ISODOW FROM day)::int AS weekday, hour::int AS hour, SUM(sessions)::int AS sessions, SUM("visitorSeconds")::float8 AS visitor
      FROM "RollupUsageHour" WHERE "orgId" = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date
      GROUP BY 1, 2`,
    db.$queryRaw<{ kind: string; key: string; count: number; seconds: number; rank: number }[]>`
      SELECT kind, key, count, seconds, rank FROM (
        SELECT kind, key, SUM(count)::int AS count, SUM(seconds)::float8 AS seconds,
               ROW_NUMBER() OVER (PARTITION BY kind ORDER BY SUM(count) DESC, key) AS rank
        FROM "RollupUsageDim" WHERE "orgId" = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date
        GROUP BY kind, key
      ) x WHERE rank <= ${TOP} ORDER BY kind, rank`,
    db.$queryRaw<{ term: string; count: number }[]>`
      SELECT term, SUM(n)::int AS count FROM "RollupTermDay"
      WHERE "orgId" = ${orgId} AND source = 'question' AND day BETWEEN ${from}::date AND ${to}::date
      GROUP BY term ORDER BY count DESC, term LIMIT ${TOP}`,
  ]);

  const names = await memberNames(
    orgId,
    agentRows.map((a) => a.membershipId),
  );
  const agents: AgentUsageRow[] = agentRows
    .map((a) => ({
      membershipId: a.membershipId,
      name: names.get(a.membershipId) ?? "Former member",
      sessions: a.sessions,
      handleMinutes: minutes(a.handle),
      avgHandleMinutes: a.sessions ? minutes(a.handle / a.sessions) : null,
      visitorMinutes: minutes(a.visitor),
      avgFirstReplySeconds: a.replied ? Math.round(a.reply / a.replied) : null,
      peakSessions: a.peak,
      ...(ratings.get(a.membershipId) ?? { ratingAnswers: 0, avgStars: null, thumbsUpPercent: null }),
    }))
    .sort((x, y) => y.sessions - x.sessions || x.name.localeCompare(y.name));

  const cells = new Map(heatRows.map((h) => [`${h.weekday}:${h.hour}`, h.sessions]));
  const heatmap: UsageReport["heatmap"] = [];
  for (let weekday = 1; weekday <= 7; weekday++)
    for (let hour = 0; hour < 24; hour++) heatmap.push({ weekday, hour, sessions: cells.get(`${weekday}:${hour}`) ?? 0 });

  const byKind = (kind: string) => dimRows.filter((d) => d.kind === kind);
  const [launcherNames, scenarioNames] = await Promise.all([
    db.launcher.findMany({
      where: { orgId, id: { in: byKind("launcher").map((d) => d.key) } },
      select: { id: true, name: true },
    }),
    db.scenario.findMany({
      where: { orgId, id: { in: byKind("scenario").map((d) => d.key) } },
      select: { id: true, name: true },
    }),
  ]);
  const label = (kind: string, names?: Map<string, string>) =>
    byKind(kind).map((d) => ({
      key: d.key,
      label: names ? (names.get(d.key) ?? (d.key ? "Deleted" : "No launcher")) : d.key,
      count: d.count,
      visitorMinutes: minutes(d.seconds),
    }));

  return {
    range: { fromDay: r.fromDay, toDay: r.toDay, timeZone: r.timeZone, days: r.days },
    totals: {
      sessions: heatRows.reduce((s, h) => s + h.sessions, 0),
      visitorMinutes: minutes(heatRows.reduce((s, h) => s + h.visitor, 0)),
      handleMinutes: minutes(agentRows.reduce((s, a) => s + a.handle, 0)),
    },
    agents,
    heatmap,
    launchers: label("launcher", new Map(launcherNames.map((l) => [l.id, l.name]))),
    scenarios: label("scenario", new Map(scenarioNames.map((s) => [s.id, s.name]))),
    pages: label("page"),
    ledTo: label("navigate"),
    subjects: termRows,
  };
}
