// The price list: one entry per BillingPlan. The pricing page, sign-up, statements and the Stripe
// set-up all read it from here, so a price changes in one place. Prices are integer cents per
// unit; a business pays only for the unit its plan bills (both units are always metered).
import type { BillingPlan, UsageKind } from "@/server/generated/prisma/enums";

export type Plan = {
  id: BillingPlan;
  name: string;
  /** One line for the pricing page. */
  summary: string;
  /** The usage kind this plan bills; the other is recorded but costs nothing. */
  billedKind: UsageKind;
  /**
   * What auditorium attendees are billed in (docs/billing.md): minutes present on the per-minute
   * plan, one per attendee per event on the per-session plan, at the plan's unit price, on the
   * statement's own "Auditorium attendees" line and on the same Stripe meter.
   */
  attendeeKind: UsageKind;
  /** What one unit is called on statements and the pricing page. */
  unitLabel: string;
  unitPriceCents: number;
  currency: "usd";
  /** Stripe Price lookup key (and Billing Meter event name) when Stripe is configured. */
  stripeLookupKey: string;
  stripeMeterEventName: string;
};

export const PLANS: Record<BillingPlan, Plan> = {
  PER_MINUTE: {
    id: "PER_MINUTE",
    name: "Per minute",
    summary: "Pay for each minute a visitor spends with your team. Best for long, hands-on help.",
    billedKind: "VISITOR_MINUTE",
    attendeeKind: "ATTENDEE_MINUTE",
    unitLabel: "visitor minute",
    unitPriceCents: 6,
    currency: "usd",
    stripeLookupKey: "isession_per_minute",
    stripeMeterEventName: "isession_visitor_minutes",
  },
  PER_HIT: {
    id: "PER_HIT",
    name: "Per session",
    summary: "Pay once for each session a visitor starts, however long it lasts.",
    billedKind: "SESSION_HIT",
    attendeeKind: "ATTENDEE_HIT",
    unitLabel: "session",
    unitPriceCents: 45,
    currency: "usd",
    stripeLookupKey: "isession_per_hit",
    stripeMeterEventName: "isession_session_hits",
  },
};

export const PLAN_LIST: readonly Plan[] = [PLANS.PER_MINUTE, PLANS.PER_HIT];

/** "$0.06" — integer cents shown as money, never through floating point sums. */
export function formatCents(cents: number, currency = "usd"): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const symbol = currency === "usd" ? "$" : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
