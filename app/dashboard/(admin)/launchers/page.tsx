import type { Metadata } from "next";
import { LaunchersEditor } from "@/components/dashboard/launchers-editor";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Launchers" };

export default async function LaunchersPage() {
  const { membership, origin } = await dashboardContext();
  return membership ? <LaunchersEditor orgId={membership.org.id} origin={origin} /> : null;
}
