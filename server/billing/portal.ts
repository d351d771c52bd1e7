// The Stripe customer portal for an org (card updates, invoices); billing.write is checked by the caller.
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { getStripe } from "./stripe/client";
import { createPortalLink } from "./stripe/setup";

export async function billingPortalUrl(input: { orgId: string }): Promise<{ url: string }> {
  const stripe = getStripe();
  const org = await db.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { stripeCustomerId: true } });
  if (!stripe || !org.stripeCustomerId)
    throw new AppError("PRECONDITION_FAILED", "Card payments are not set up for this organization yet.");
  const returnUrl = new URL(`/dashboard/billing?org=${encodeURIComponent(input.orgId)}`, env.NEXTAUTH_URL).toString();
  return { url: await createPortalLink(stripe, { customerId: org.stripeCustomerId, returnUrl }) };
}
