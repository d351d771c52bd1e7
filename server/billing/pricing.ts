// Pure arithmetic of the ledger, in integer cents: a plan prices the usage it bills; a reseller earns
// a share of its sub-clients' totals. No floating point touches money.
import "server-only";
import { PLANS } from "../../lib/plans";
import type { BillingPlan, UsageKind } from "../generated/prisma/enums";

export type UsageQuantity = { kind: UsageKind; quantity: number };
export type PricedLine = { kind: UsageKind; description: string; quantity: number; unitPriceCents: number; amountCents: number };

const KIND_ORDER: UsageKind[] = ["VISITOR_MINUTE", "SESSION_HIT"];
const DESCRIPTION: Record<UsageKind, string> = {
  VISITOR_MINUTE: "Visitor minutes",
  SESSION_HIT: "Sessions started",
  ATTENDEE_MINUTE: "Auditorium attendees (minutes present)",
  ATTENDEE_HIT: "Auditorium attendees (one per attendee per event)",
};

/**
 * One line per usage kind (both are always shown); only the plan's billed kind has a price, the
 * other is listed at 0 ("recorded, not billed"). Auditorium attendees add one line of the plan's
 * attendee kind when there were any. Total = sum of line amounts.
 */
export function priceUsage(
  plan: BillingPlan,
  usage: readonly UsageQuantity[],
): { lines: PricedLine[]; totalCents: number; currency: string } {
  const p = PLANS[plan];
  const lines = KIND_ORDER.map((kind) => {
    const quantity = usage.filter((u) => u.kind === kind).reduce((sum, u) => sum + u.quantity, 0);
    const unitPriceCents = kind === p.billedKind ? p.unitPriceCents : 0;
    const billed = kind === p.billedKind ? "" : " (recorded, not billed on this plan)";
    return { kind, description: `${DESCRIPTION[kind]}${billed}`, quantity, unitPriceCents, amountCents: quantity * unitPriceCents };
  });
  // Auditorium attendees: their own line, only for a month that had any, in the plan's attendee unit.
  if (usage.some((u) => (u.kind === "ATTENDEE_MINUTE" || u.kind === "ATTENDEE_HIT") && u.quantity > 0)) {
    const kind = p.attendeeKind;
    const quantity = usage.filter((u) => u.kind === kind).reduce((sum, u) => sum + u.quantity, 0);
    lines.push({
      kind,
      description: DESCRIPTION[kind],
      quantity,
      unitPriceCents: p.unitPriceCents,
      amountCents: quantity * p.unitPriceCents,
    });
  }
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0), currency: p.currency };
}

/**
 * The reseller's share of its sub-clients' usage: floor(totalCents × bps / 10 000), applied once to
 * the reseller's total for the period (never per client, so per-client rounding cannot add up).
 * The fraction of a cent always stays with the platform. Exact in BigInt.
 */
export function resellerShareCents(totalCents: number, shareBps: number): number {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new RangeError("totalCents must be a non-negative integer");
  if (!Number.isInteger(shareBps) || shareBps < 0 || shareBps > 10_000) throw new RangeError("shareBps must be an integer in 0..10000");
  return Number((BigInt(totalCents) * BigInt(shareBps)) / 10_000n);
}
