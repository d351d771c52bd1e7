import type { Metadata } from "next";
import { AgentsManager } from "@/components/dashboard/agents-manager";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const { membership } = await dashboardContext();
  return membership ? <AgentsManager orgId={membership.org.id} selfMembershipId={membership.id} selfRole={membership.role} /> : null;
}
