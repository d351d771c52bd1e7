import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { formatDate, formatDateTime } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { OrgStatusControl } from "@/components/console/org-status-control";
import { OrgDetail } from "@/components/orgs/org-detail";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Organization" };
export const dynamic = "force-dynamic";

/** The audit entry's `by` ("admin", "reseller", "system:billing") in words. */
function byWhom(by: string): string {
  if (by === "admin") return "an operator";
  if (by === "reseller") return "the reseller";
  return by.startsWith("system:") ? by.slice(7) : by;
}

export default async function AdminOrgPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const api = await getServerApi();
  const org = await api.admin.org({ orgId }).catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  });

  return (
    <OrgDetail
      org={org}
      back={{ href: "/admin", label: "All organizations" }}
      about={`${org.reseller ? `via ${org.reseller.name}` : "direct client"} · since ${formatDate(org.createdAt)}`}
      team={{
        title: "Members",
        id: "members",
        statLabel: "Members",
        empty: "No members yet.",
        footer: org.invitations.length ? (
          <p className="mt-3 text-xs text-slate-500">
            Pending invitations: {org.invitations.map((i) => `${i.email} (${i.role.toLowerCase()})`).join(", ")}
          </p>
        ) : null,
      }}
      actions={
        <>
          <Card titleStyle="label" title="Status" id="status">
            <OrgStatusControl scope="admin" orgId={org.id} orgName={org.name} status={org.status} />
          </Card>
          <Card titleStyle="label" title="Status history" id="status-history">
            {org.statusHistory.length ? (
              <ol className="space-y-2 text-sm">
                {org.statusHistory.map((h) => (
                  <li key={h.id}>
                    <time className="text-slate-500 tabular-nums" dateTime={h.createdAt.toISOString()}>
                      {formatDateTime(h.createdAt)}
                    </time>{" "}
                    {h.action === "org.suspended" ? "Suspended" : "Reactivated"} by {byWhom(h.by)}
                    {h.reason ? ` · “${h.reason}”` : ""}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-slate-500">Never suspended.</p>
            )}
          </Card>
        </>
      }
      setup={[
        {
          label: "Id · slug",
          value: (
            <span className="font-mono text-xs">
              {org.id} · {org.slug}
            </span>
          ),
        },
        { label: "Allowed domains", value: org.allowedDomains.join(", ") || "None" },
        {
          label: "Refused visits",
          value: (
            <Link href={`/admin/refused-visits?org=${org.id}`} className="text-brand-700 hover:underline">
              See this organization&apos;s refused visits
            </Link>
          ),
        },
      ]}
    />
  );
}
