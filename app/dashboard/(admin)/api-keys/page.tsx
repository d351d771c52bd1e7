import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/dashboard/api-keys-manager";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { membership, origin } = await dashboardContext();
  return membership ? <ApiKeysManager orgId={membership.org.id} origin={origin} /> : null;
}
