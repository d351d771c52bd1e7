import type { Metadata } from "next";
import { PrivacyConsole } from "@/components/dashboard/privacy-console";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Privacy" };

export default async function PrivacyPage() {
  const { membership } = await dashboardContext();
  return membership ? <PrivacyConsole orgId={membership.org.id} /> : null;
}
