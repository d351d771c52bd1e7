// The reseller portal's frame. A reseller's member gets the app shell with the portal's sections;
// anyone else (the public sign-up page, a signed-out visitor about to be redirected) gets the page
// alone. Each page checks access itself.
import type { ReactNode } from "react";
import { AppShell } from "@/app/app-shell";
import { SectionNav } from "@/components/console/section-nav";
import { getSessionUser } from "@/server/auth";
import { resellerOfUser } from "@/server/resellers/seat";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/reseller", label: "Sub-clients", exact: true, also: ["/reseller/clients"] },
  { href: "/reseller/billing", label: "Billing" },
];

export default async function ResellerLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const reseller = user ? await resellerOfUser(user.id) : null;
  if (!user || !reseller?.active) return children;
  return (
    <AppShell orgName={`${reseller.name} · reseller`} userLabel={user.name ?? user.email}>
      <SectionNav label="Reseller portal" items={NAV} />
      {children}
    </AppShell>
  );
}
