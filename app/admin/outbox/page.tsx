import type { Metadata } from "next";
import Link from "next/link";
import { Stats, formatCount, formatDateTime } from "@/components/console/bits";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { FilterBar, FilterInput, FilterSelect, NextPage } from "@/components/admin/filters";
import { EmailStatusBadge } from "@/components/admin/email-status";
import { Table, Td } from "@/components/ui/table";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Email outbox" };
export const dynamic = "force-dynamic";

type Params = { q?: string; status?: string; cursor?: string };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Params> }) {
  const p = await searchParams;
  const status = p.status === "PENDING" || p.status === "SENT" || p.status === "FAILED" || p.status === "NOT_SENT" ? p.status : undefined;
  const data = await (
    await getServerApi()
  ).admin.outbox({
    status,
    search: p.q?.slice(0, 200) || undefined,
    cursor: p.cursor?.slice(0, 64) || undefined,
  });
  return (
    <>
      <PageHeader
        title="Email outbox"
        description="Every email the service sends goes through here; the worker delivers what is pending."
      />
      <Stats
        items={[
          { label: "Pending", value: formatCount(data.counts.PENDING) },
          { label: "Sent", value: formatCount(data.counts.SENT) },
          { label: "Failed", value: formatCount(data.counts.FAILED) },
          { label: "Not sent (no SMTP)", value: formatCount(data.counts.NOT_SENT) },
          { label: "Total", value: formatCount(data.counts.PENDING + data.counts.SENT + data.counts.FAILED + data.counts.NOT_SENT) },
        ]}
      />
      <div className="mt-6">
        <FilterBar action="/admin/outbox">
          <FilterInput id="q" name="q" type="search" label="Search" placeholder="Recipient or subject" defaultValue={p.q ?? ""} />
          <FilterSelect
            id="status"
            name="status"
            label="Status"
            defaultValue={status ?? ""}
            options={[
              { value: "", label: "Any status" },
              { value: "PENDING", label: "Pending" },
              { value: "SENT", label: "Sent" },
              { value: "FAILED", label: "Failed" },
              { value: "NOT_SENT", label: "Not sent (no SMTP)" },
            ]}
          />
        </FilterBar>
      </div>
      {data.items.length === 0 ? (
        <EmptyState title={status || p.q ? "No message matches" : "The outbox is empty"} />
      ) : (
        <Table caption="Email outbox" head={["Queued", "To", "Subject", "Status", "Attempts", "Last error"]}>
          {data.items.map((m) => (
            <tr key={m.id}>
              <Td className="whitespace-nowrap text-slate-500">{formatDateTime(m.createdAt)}</Td>
              <Td className="break-all">
                {m.to}
                {m.org ? <span className="block text-xs text-slate-500">{m.org.name}</span> : null}
              </Td>
              <Td>
                <Link href={`/admin/outbox/${m.id}`} className="text-brand-700 hover:underline">
                  {m.subject || "(no subject)"}
                </Link>
              </Td>
              <Td>
                <EmailStatusBadge status={m.status} />
              </Td>
              <Td className="tabular-nums">{m.attempts}</Td>
              <Td className="max-w-64 truncate text-xs text-red-700">{m.lastError ?? ""}</Td>
            </tr>
          ))}
        </Table>
      )}
      <NextPage base="/admin/outbox" params={{ q: p.q, status }} cursor={data.nextCursor} />
    </>
  );
}
