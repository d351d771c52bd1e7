import type { Metadata } from "next";
import Link from "next/link";
import { formatCount, formatDate, planName, ORG_STATUS } from "@/components/console/bits";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { FilterBar, FilterInput, FilterSelect, NextPage } from "@/components/admin/filters";
import { Table, Td } from "@/components/ui/table";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Organizations" };
export const dynamic = "force-dynamic";

type Params = { q?: string; status?: string; reseller?: string; cursor?: string };

export default async function AdminOrgsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const p = await searchParams;
  const status = p.status === "ACTIVE" || p.status === "SUSPENDED" ? p.status : undefined;
  const api = await getServerApi();
  const [orgs, resellers] = await Promise.all([
    api.admin.orgs({
      search: p.q?.slice(0, 200) || undefined,
      status,
      reseller: p.reseller?.slice(0, 64) || undefined,
      cursor: p.cursor?.slice(0, 64) || undefined,
    }),
    api.admin.resellers(),
  ]);
  const filtered = Boolean(p.q || status || p.reseller);

  return (
    <>
      <PageHeader title="Organizations" description="Every client of the service. Usage is this calendar month (UTC)." />
      <FilterBar action="/admin">
        <FilterInput id="q" name="q" type="search" label="Search" placeholder="Name, slug, id or owner email" defaultValue={p.q ?? ""} />
        <FilterSelect
          id="status"
          name="status"
          label="Status"
          defaultValue={status ?? ""}
          options={[
            { value: "", label: "Any status" },
            { value: "ACTIVE", label: "Active" },
            { value: "SUSPENDED", label: "Suspended" },
          ]}
        />
        <FilterSelect
          id="reseller"
          name="reseller"
          label="Reseller"
          defaultValue={p.reseller ?? ""}
          options={[
            { value: "", label: "Any" },
            { value: "direct", label: "Direct (no reseller)" },
            ...resellers.map((r) => ({ value: r.id, label: r.name })),
          ]}
        />
      </FilterBar>
      {orgs.items.length === 0 ? (
        <EmptyState title={filtered ? "No organization matches" : "No organizations yet"}>
          {filtered ? (
            <Link href="/admin" className="text-brand-700 underline">
              Clear the filters
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <Table
          caption="Organizations"
          head={["Organization", "Status", "Plan", "Reseller", "Members", "Minutes", "Hits", "Sessions", "Created"]}
        >
          {orgs.items.map((o) => (
            <tr key={o.id}>
              <Td>
                <Link href={`/admin/orgs/${o.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                  {o.name}
                </Link>
                <span className="block text-xs text-slate-500">{o.slug}</span>
              </Td>
              <Td>
                <StatusBadge dot {...ORG_STATUS[o.status]} />
                {o.suspendedReason ? (
                  <span className="mt-1 block max-w-48 truncate text-xs text-slate-500">{o.suspendedReason}</span>
                ) : null}
              </Td>
              <Td>{planName(o.plan)}</Td>
              <Td>{o.reseller?.name ?? <span className="text-slate-400">Direct</span>}</Td>
              <Td className="tabular-nums">{formatCount(o.members)}</Td>
              <Td className="tabular-nums">{formatCount(o.usage.visitorMinutes)}</Td>
              <Td className="tabular-nums">{formatCount(o.usage.sessionHits)}</Td>
              <Td className="tabular-nums">{formatCount(o.usage.sessions)}</Td>
              <Td className="whitespace-nowrap text-slate-500">{formatDate(o.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
      <NextPage base="/admin" params={{ q: p.q, status, reseller: p.reseller }} cursor={orgs.nextCursor} />
    </>
  );
}
