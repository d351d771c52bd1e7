import type { Metadata } from "next";
import { ScenariosEditor } from "@/components/dashboard/scenarios-editor";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Scenarios" };

export default async function ScenariosPage() {
  const { membership } = await dashboardContext();
  return membership ? <ScenariosEditor orgId={membership.org.id} /> : null;
}
