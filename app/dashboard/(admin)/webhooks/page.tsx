import type { Metadata } from "next";
import { WebhooksManager } from "@/components/dashboard/webhooks-manager";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { membership } = await dashboardContext();
  return membership ? <WebhooksManager orgId={membership.org.id} /> : null;
}
