"use server";
// Opens Stripe's customer portal (card updates, invoices) for the org: billing.write.
import { redirect } from "next/navigation";
import { getServerApi } from "@/server/api/server";

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
