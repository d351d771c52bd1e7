import type { Metadata } from "next";
import { Stats, formatCount } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ClientList } from "@/components/reseller/client-list";
import { CreateClientForm } from "@/components/reseller/create-client-form";
import { NotAReseller } from "@/app/reseller/not-a-reseller";
import { getServerApi } from "@/server/api/server";
import { formatBps } from "@/server/resellers/config";
import { requireSignedIn, trpcCode } from "./access";

export const metadata: Metadata = { title: "Reseller portal" };
export const dynamic = "force-dynamic";

export default async function ResellerHome() {
  const user = await requireSignedIn("/reseller");
  const api = await getServerApi();
  let data;
  try {
    data = await Promise.all([api.reseller.me(), api.reseller.clients()]);
  } catch (e) {
    if (trpcCode(e) === "FORBIDDEN") return <NotAReseller userLabel={user.name ?? user.email} message={(e as Error).message} />;
    throw e;
  }
  const [reseller, clients] = data;
  const total = clients.reduce(
    (t, c) => ({
      minutes: t.minutes + c.usage.visitorMinutes,
      hits: t.hits + c.usage.sessionHits,
      sessions: t.sessions + c.usage.sessions,
    }),
    { minutes: 0, hits: 0, sessions: 0 },
  );
  const month = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());

  return (
    <>
      <PageHeader
        title="Sub-clients"
        description={
          <>
            {reseller.name} earns {formatBps(reseller.revenueShareBps)} of its clients&apos; usage. Figures are for {month} (UTC).
          </>
        }
      />
      <Stats
        items={[
          {
            label: "Sub-clients",
            value: formatCount(clients.length),
            hint: `${clients.filter((c) => c.status === "SUSPENDED").length} suspended`,
          },
          { label: "Visitor minutes", value: formatCount(total.minutes) },
          { label: "Session hits", value: formatCount(total.hits) },
          { label: "Sessions", value: formatCount(total.sessions) },
        ]}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div>
          {clients.length ? (
            <ClientList clients={clients} />
          ) : (
            <EmptyState title="No sub-clients yet">
              Create your first client with the form; it is live as soon as its admin accepts.
            </EmptyState>
          )}
        </div>
        <Card titleStyle="label" title="New sub-client" id="new-client">
          <CreateClientForm />
        </Card>
      </div>
    </>
  );
}
