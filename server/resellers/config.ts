import "server-only";

/** A new reseller's share of its sub-clients' usage, in basis points (2000 = 20 %). Only the
 * operator changes a reseller's share afterwards (admin console). */
export const DEFAULT_REVENUE_SHARE_BPS = 2000;
export const MAX_REVENUE_SHARE_BPS = 10_000;

/** "20 %", "12.5 %" */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}
