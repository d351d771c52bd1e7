import type { Metadata } from "next";
import { PreferencesForm } from "@/components/dashboard/preferences-form";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Preferences" };

export default async function PreferencesPage() {
  const { membership } = await dashboardContext();
  return membership ? <PreferencesForm orgId={membership.org.id} /> : null;
}
