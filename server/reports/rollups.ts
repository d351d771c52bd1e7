// Roll-ups: tables that keep report answers pre-aggregated so a report reads thousands of rows, not
// millions. Each report domain lists its roll-ups in `ROLLUPS` below; the worker's `reports.refresh` job and
// `npm run reports:rebuild` both go through this list, so a new roll-up is kept fresh by adding it
// once. A roll-up is recomputed per org over a window of time and must be idempotent for it:
// rebuilding [from, to) twice gives the same rows as once (delete the window's rows, insert them
// again from the base tables, in one transaction).
import "server-only";
import { termsRollup } from "./trends/rollup";
import { usageRollup } from "./usage/rollup";
import { attendanceRollup } from "./attendance/rollup";
import { staffingRollup } from "./staffing/rollup";
import { queueDayRollup, queueIntervalRollup } from "./queue/rollup";
import { archiveRollup } from "./archive/index-doc";

export interface Rollup {
  /** Short name for logs and the rebuild command's `--only`. */
  name: string;
  /**
   * Recompute the rows of `orgId` whose time falls in [from, to) from the base tables. The window
   * given is already widened to whole UTC days; a roll-up with coarser buckets widens it further.
   */
  rebuild(orgId: string, from: Date, to: Date): Promise<void>;
  /**
   * `false`: only `npm run reports:rebuild` runs it, never the minute refresh (the roll-up's rows are
   * kept fresh by the paths that change them, and rebuilding them every minute would hold row locks
   * those paths wait on).
   */
  refresh?: false;
}

/**
 * Every roll-up, in the order they are rebuilt. Each report domain adds its own entry (an import
 * above and one line here).
 */
export const ROLLUPS: readonly Rollup[] = [
  usageRollup,
  termsRollup,
  staffingRollup,
  attendanceRollup,
  queueIntervalRollup,
  queueDayRollup,
  archiveRollup,
];

/** The roll-ups the worker's minute refresh rebuilds. */
export const REFRESH_ROLLUPS: readonly Rollup[] = ROLLUPS.filter((r) => r.refresh !== false);
