-- AlterTable
ALTER TABLE "QueueIntervalRollup" ADD COLUMN     "waitCumulative" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "waitMedian" INTEGER,
ADD COLUMN     "waitP90" INTEGER;

-- Rows rolled up before these columns: their figures from their own histograms (the rebuild
-- writes the same for new rows; nearest rank as the reports read it).
UPDATE "QueueIntervalRollup" r SET ("waitCumulative", "waitMedian", "waitP90") = (
  SELECT array_agg(cc::int ORDER BY i), min(s) FILTER (WHERE cc >= ceil(0.5 * n)), min(s) FILTER (WHERE cc >= ceil(0.9 * n))
  FROM (SELECT s, i, sum(c) OVER (ORDER BY i) AS cc, sum(c) OVER () AS n FROM unnest(r."waitSecs", r."waitCounts") WITH ORDINALITY AS u(s, c, i)) x)
WHERE cardinality(r."waitSecs") > 0;
