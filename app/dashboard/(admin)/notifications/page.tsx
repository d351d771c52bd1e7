import type { Metadata } from "next";
import { NotificationsList } from "@/components/dashboard/notifications-list";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const { membership } = await dashboardContext();
  return membership ? <NotificationsList orgId={membership.org.id} /> : null;
}
