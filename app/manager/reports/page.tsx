// /manager/reports: where the reports start. Sends the reader to the first report page.
import { redirect } from "next/navigation";

export const dynamic = "force-dynamic";

export default async function ReportsIndex({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const { org } = await searchParams;
  redirect(org ? `/manager/reports/usage?org=${encodeURIComponent(org)}` : "/manager/reports/usage");
}
