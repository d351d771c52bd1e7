// The survey's answers per agent over a report's range (docs/surveys.md): stars averaged on their
// own scale, thumbs as the share that were up, and how many answers each. Read from SurveyAnswer
// directly, not from a roll-up: an answer names its session's agents (agentIds, fixed when it was
// given) and its session's start, and the (orgId, sessionStartedAt) index walks one range of
// answers, a small fraction of the sessions (measured in docs/surveys.md).
import "server-only";
import { db } from "../db";

export type AgentRating = { ratingAnswers: number; avgStars: number | null; thumbsUpPercent: number | null };

/** Per membership id: the answers to sessions that started in [start, end) in which it sat as an agent. */
export async function agentRatings(orgId: string, start: Date, end: Date, membershipId?: string): Promise<Map<string, AgentRating>> {
  const rows = await db.$queryRaw<{ m: string; stars: number | null; nStars: number; up: number | null; nThumbs: number }[]>`
    SELECT m, avg(a.rating) FILTER (WHERE a.scale = 'STARS')::float8 AS stars, count(*) FILTER (WHERE a.scale = 'STARS')::int AS "nStars",
           avg(a.rating) FILTER (WHERE a.scale = 'THUMBS')::float8 AS up, count(*) FILTER (WHERE a.scale = 'THUMBS')::int AS "nThumbs"
    FROM "SurveyAnswer" a CROSS JOIN LATERAL unnest(a."agentIds") AS m
    WHERE a."orgId" = ${orgId} AND a."sessionStartedAt" >= ${start} AND a."sessionStartedAt" < ${end}
      AND (${membershipId ?? null}::text IS NULL OR m = ${membershipId ?? null})
    GROUP BY m`;
  return new Map(
    rows.map((r) => [
      r.m,
      {
        ratingAnswers: r.nStars + r.nThumbs,
        avgStars: r.stars === null ? null : Math.round(r.stars * 100) / 100,
        thumbsUpPercent: r.up === null ? null : Math.round(r.up * 1000) / 10,
      },
    ]),
  );
}
