import type { Metadata } from "next";
import { Overview } from "@/components/dashboard/overview";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Overview" };

export default async function DashboardPage() {
  const { membership, origin } = await dashboardContext();
  return membership ? <Overview orgId={membership.org.id} origin={origin} /> : null;
}
