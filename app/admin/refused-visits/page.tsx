import type { Metadata } from "next";
import Link from "next/link";
import { formatCount, formatDateTime } from "@/components/console/bits";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { NextPage } from "@/components/admin/filters";
import { Table, Td } from "@/components/ui/table";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Refused visits" };
export const dynamic = "force-dynamic";

const REASON: Record<string, string> = {
  domain_not_allowed: "Site not allowed",
  no_referrer: "No referring page",
};

export default async function RefusedVisitsPage({ searchParams }: { searchParams: Promise<{ org?: string; cursor?: string }> }) {
  const p = await searchParams;
  const orgId = p.org?.slice(0, 64) || undefined;
  const data = await (await getServerApi()).admin.unauthorizedAttempts({ orgId, cursor: p.cursor?.slice(0, 64) || undefined });
  return (
    <>
      <PageHeader
        title="Refused visits"
        description="Visitors turned away at a launcher because the page that sent them is not one of the organization's allowed domains. The org's admins are told at most once per site and launcher an hour."
      />
      {data.lastDayByOrg.length ? (
        <section aria-labelledby="last-day" className="mb-6">
          <h2 id="last-day" className="mb-2 text-sm font-semibold tracking-wide text-slate-500 uppercase">
            Most refused in the last 24 hours
          </h2>
          <ul className="flex flex-wrap gap-2">
            {data.lastDayByOrg.map((o) => (
              <li key={o.orgId}>
                <Link
                  href={`/admin/refused-visits?org=${o.orgId}`}
                  aria-current={o.orgId === orgId ? "page" : undefined}
                  className="inline-flex items-center gap-2 rounded-full border border-slate-300 bg-white px-3 py-1 text-sm hover:border-brand-500 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50"
                >
                  {o.name} <span className="font-semibold tabular-nums">{formatCount(o.attempts)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {orgId ? (
        <p className="mb-3 text-sm">
          Showing one organization.{" "}
          <Link href="/admin/refused-visits" className="text-brand-700 underline">
            Show all
          </Link>
        </p>
      ) : null}
      {data.items.length === 0 ? (
        <EmptyState title="No refused visits">Every visitor so far came from an allowed site.</EmptyState>
      ) : (
        <Table caption="Refused visits" head={["When", "Organization", "From", "Why", "Launcher", "Admins told", "IP"]}>
          {data.items.map((v) => (
            <tr key={v.id}>
              <Td className="whitespace-nowrap text-slate-500">{formatDateTime(v.createdAt)}</Td>
              <Td>
                {v.org ? (
                  <Link href={`/admin/orgs/${v.org.id}`} className="text-brand-700 hover:underline">
                    {v.org.name}
                  </Link>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="break-all">{v.origin ?? <span className="text-slate-400">no page</span>}</Td>
              <Td>{v.reason ? (REASON[v.reason] ?? v.reason) : "—"}</Td>
              <Td className="font-mono text-xs">{v.launcherKey ?? "—"}</Td>
              <Td>{v.notified ? "Yes" : <span className="text-slate-500">No (throttled)</span>}</Td>
              <Td className="font-mono text-xs text-slate-500">{v.ip ?? "—"}</Td>
            </tr>
          ))}
        </Table>
      )}
      <NextPage base="/admin/refused-visits" params={{ org: orgId }} cursor={data.nextCursor} />
    </>
  );
}
