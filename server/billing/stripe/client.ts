// The Stripe client, or null in ledger mode (no STRIPE_SECRET_KEY): nothing then reaches Stripe.
// STRIPE_API_BASE points the real SDK at another server (tests, self-hosted mocks).
import "server-only";
import Stripe from "stripe";
import { env } from "../../env";

export type StripeOptions = { secretKey: string; apiBase?: string; maxNetworkRetries?: number };

export function createStripe(opts: StripeOptions): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : null;
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "http:" ? 80 : 443),
          protocol: base.protocol === "http:" ? "http" : "https",
        }
      : {}),
  });
}

const globalForStripe = globalThis as unknown as { __isessionStripe?: { key: string; client: Stripe } };

/** The configured client, created once per process; null in ledger mode. */
export function getStripe(): Stripe | null {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) return null;
  const cached = globalForStripe.__isessionStripe;
  if (cached?.key === key) return cached.client;
  const client = createStripe({ secretKey: key, apiBase: env.STRIPE_API_BASE });
  globalForStripe.__isessionStripe = { key, client };
  return client;
}

export function stripeEnabled(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}
