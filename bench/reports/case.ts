// One timed report for bench/reports.bench.ts: the report's real query (through the roll-ups or
// indexes it uses in production) and a naive baseline that computes the same answer by scanning
// the base tables, both run on the 12-month history in the same run. Each report area keeps its
// cases in its own file (bench/reports/<area>.ts) exporting `cases`.
import type { ReportRange } from "../../server/reports/range";

export interface ReportBenchContext {
  orgId: string;
  /** A typical range for the page (e.g. the last 7 or 30 days of the history). */
  range: ReportRange;
  /** The whole history: 12 months. */
  year: ReportRange;
}

export interface ReportBenchCase {
  /** "queue: intervals, 7 days" */
  name: string;
  fast(ctx: ReportBenchContext): Promise<unknown>;
  naive(ctx: ReportBenchContext): Promise<unknown>;
}
