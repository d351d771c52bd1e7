// Stripe's webhook endpoint: thin; server/billing/stripe/webhook.ts verifies and applies.
import { getStripe } from "@/server/billing/stripe/client";
import { handleStripeWebhook } from "@/server/billing/stripe/webhook";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  // The signature covers the exact bytes: read the raw body, never a re-serialised one.
  const { status, body } = await handleStripeWebhook(
    { rawBody: await req.text(), signature: req.headers.get("stripe-signature") },
    { stripe: getStripe(), webhookSecret: env.STRIPE_WEBHOOK_SECRET },
  );
  return Response.json(body, { status });
}
