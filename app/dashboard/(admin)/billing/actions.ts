"use server";
// Billing's form actions: Stripe's customer portal (card updates, invoices) and the plan for next
// month. Both need billing.write; the router checks it. Plain forms: they work without JavaScript.
import { redirect } from "next/navigation";
import { getServerApi } from "@/server/api/server";

export async function choosePlanAction(formData: FormData) {
  const orgId = String(formData.get("orgId") ?? "");
  const plan = String(formData.get("plan") ?? "");
  let outcome: string;
  try {
    const r = await (await getServerApi()).billing.choosePlan({ orgId, plan: plan as "PER_MINUTE" | "PER_HIT" });
    outcome = r.nextPlan ? "scheduled" : "kept";
  } catch {
    outcome = "error";
  }
  redirect(`/dashboard/billing?org=${encodeURIComponent(orgId)}&plan=${outcome}#plan-heading`);
}

export async function openBillingPortal(formData: FormData) {
  const orgId = String(formData.get("orgId") ?? "");
  let url: string;
  try {
    url = (await (await getServerApi()).billing.portal({ orgId })).url;
  } catch {
    redirect(`/dashboard/billing?org=${encodeURIComponent(orgId)}&portal=unavailable`);
  }
  redirect(url);
}
