import type { Metadata } from "next";
import Link from "next/link";
import { formatCount, formatDate } from "@/components/console/bits";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ShareEditor } from "@/components/admin/share-editor";
import { Table, Td } from "@/components/ui/table";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Resellers" };
export const dynamic = "force-dynamic";

export default async function AdminResellersPage() {
  const resellers = await (await getServerApi()).admin.resellers();
  return (
    <>
      <PageHeader
        title="Resellers"
        description="Partners who sign up their own clients. Their share of those clients' usage is set here and nowhere else."
      />
      {resellers.length === 0 ? (
        <EmptyState title="No resellers yet">Partners sign up at /reseller/sign-up.</EmptyState>
      ) : (
        <Table caption="Resellers" head={["Reseller", "People", "Sub-clients", "Revenue share", "Since"]}>
          {resellers.map((r) => (
            <tr key={r.id}>
              <Td>
                <span className="font-medium">{r.name}</span>
                {r.active ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">disabled</span>}
                <span className="block text-xs text-slate-500">{r.slug}</span>
              </Td>
              <Td className="break-all text-slate-600">{r.memberEmails.join(", ")}</Td>
              <Td className="tabular-nums">
                <Link
                  href={`/admin?reseller=${r.id}`}
                  aria-label={`${r.subClients} sub-clients of ${r.name}`}
                  className="text-brand-700 hover:underline"
                >
                  {formatCount(r.subClients)}
                </Link>
              </Td>
              <Td>
                <ShareEditor resellerId={r.id} resellerName={r.name} bps={r.revenueShareBps} />
              </Td>
              <Td className="whitespace-nowrap text-slate-500">{formatDate(r.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
