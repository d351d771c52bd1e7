-- AlterTable
ALTER TABLE "QueueDayRollup" ADD COLUMN     "waitCumulative" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "waitMedian" INTEGER,
ADD COLUMN     "waitP90" INTEGER;

-- CreateTable
CREATE TABLE "QueueWeekRollup" (
    "orgId" TEXT NOT NULL,
    "week" DATE NOT NULL,
    "launcherId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "arrivals" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "expired" INTEGER NOT NULL,
    "scheduled" INTEGER NOT NULL,
    "waitSecs" INTEGER[],
    "waitCounts" INTEGER[],
    "waitCumulative" INTEGER[],
    "waitMedian" INTEGER,
    "waitP90" INTEGER,

    CONSTRAINT "QueueWeekRollup_pkey" PRIMARY KEY ("orgId","week","launcherId")
);

-- Backfill: the day rows' own figures from their histograms (nearest rank, as the roll-up computes
-- them), then the week rows summed from the day rows of each week and zone.
UPDATE "QueueDayRollup" r SET "waitCumulative" = f.cums, "waitMedian" = f.med, "waitP90" = f.p90
FROM (
  SELECT "orgId", day, "launcherId", array_agg(cc::int ORDER BY i) AS cums,
         min(s) FILTER (WHERE cc >= ceil(0.5 * total)) AS med, min(s) FILTER (WHERE cc >= ceil(0.9 * total)) AS p90
  FROM (
    SELECT "orgId", day, "launcherId", u.i, u.s, sum(u.c) OVER (PARTITION BY "orgId", day, "launcherId" ORDER BY u.i) AS cc,
           sum(u.c) OVER (PARTITION BY "orgId", day, "launcherId") AS total
    FROM "QueueDayRollup", unnest("waitSecs", "waitCounts") WITH ORDINALITY AS u(s, c, i)
  ) y
  GROUP BY "orgId", day, "launcherId"
) f
WHERE r."orgId" = f."orgId" AND r.day = f.day AND r."launcherId" = f."launcherId";

WITH d AS (
  SELECT "orgId", date_trunc('week', day::timestamp)::date AS week, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"
  FROM "QueueDayRollup"
), c AS (
  SELECT "orgId", week, "launcherId", "timeZone", sum(arrivals)::int AS arrivals, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
         sum(expired)::int AS expired, sum(scheduled)::int AS scheduled
  FROM d GROUP BY "orgId", week, "launcherId", "timeZone"
), x AS (
  SELECT "orgId", week, "launcherId", "timeZone", u.s, sum(u.c)::int AS n
  FROM d, unnest("waitSecs", "waitCounts") AS u(s, c) GROUP BY "orgId", week, "launcherId", "timeZone", u.s
), h AS (
  SELECT "orgId", week, "launcherId", "timeZone", array_agg(s ORDER BY s) AS secs, array_agg(n ORDER BY s) AS counts, array_agg(cc::int ORDER BY s) AS cums,
         min(s) FILTER (WHERE cc >= ceil(0.5 * total)) AS med, min(s) FILTER (WHERE cc >= ceil(0.9 * total)) AS p90
  FROM (SELECT *, sum(n) OVER (PARTITION BY "orgId", week, "launcherId", "timeZone" ORDER BY s) AS cc,
               sum(n) OVER (PARTITION BY "orgId", week, "launcherId", "timeZone") AS total FROM x) y
  GROUP BY "orgId", week, "launcherId", "timeZone"
)
INSERT INTO "QueueWeekRollup" ("orgId", week, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts", "waitCumulative", "waitMedian", "waitP90")
SELECT c."orgId", c.week, c."launcherId", c."timeZone", c.arrivals, c.answered, c.abandoned, c.expired, c.scheduled,
       coalesce(h.secs, '{}'), coalesce(h.counts, '{}'), coalesce(h.cums, '{}'), h.med, h.p90
FROM c LEFT JOIN h USING ("orgId", week, "launcherId", "timeZone")
ON CONFLICT DO NOTHING;
