import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { Stats, formatCount, formatDate, formatDateTime, planName, ORG_STATUS } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { OrgStatusControl } from "@/components/console/org-status-control";
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
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin" className="text-brand-700 hover:underline">
          ← All organizations
        </Link>
      </p>
      <PageHeader
        title={org.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge dot {...ORG_STATUS[org.status]} /> {planName(org.plan)} ·{" "}
            {org.reseller ? `via ${org.reseller.name}` : "direct client"} · since {formatDate(org.createdAt)}
          </span>
        }
      />
      {org.status === "SUSPENDED" ? (
        <p role="status" className="mb-6 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
          Suspended{org.suspendedAt ? ` on ${formatDateTime(org.suspendedAt)}` : ""}: {org.suspendedReason ?? "no reason recorded"}.
        </p>
      ) : null}
      <Stats
        items={[
          { label: "Visitor minutes", value: formatCount(org.usage.visitorMinutes), hint: "this month" },
          { label: "Session hits", value: formatCount(org.usage.sessionHits), hint: "this month" },
          { label: "Sessions", value: formatCount(org.usage.sessions), hint: "this month" },
          { label: "Members", value: formatCount(org.members.filter((m) => m.active).length) },
        ]}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
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
        <Card titleStyle="label" title="Members" id="members">
          {org.members.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {org.members.map((m) => (
                <li key={m.id} className="flex flex-wrap justify-between gap-x-3 py-2">
                  <span className="min-w-0 break-all">{m.name ? `${m.name} · ${m.email}` : m.email}</span>
                  <span className="text-xs text-slate-500">
                    {m.role.toLowerCase()}
                    {m.active ? "" : " · deactivated"}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No members yet.</p>
          )}
          {org.invitations.length ? (
            <p className="mt-3 text-xs text-slate-500">
              Pending invitations: {org.invitations.map((i) => `${i.email} (${i.role.toLowerCase()})`).join(", ")}
            </p>
          ) : null}
        </Card>
        <Card titleStyle="label" title="Set-up" id="setup">
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-xs text-slate-500">Id · slug</dt>
              <dd className="font-mono text-xs break-all">
                {org.id} · {org.slug}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Allowed domains</dt>
              <dd className="break-all">{org.allowedDomains.join(", ") || "None"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Refused visits</dt>
              <dd>
                <Link href={`/admin/refused-visits?org=${org.id}`} className="text-brand-700 hover:underline">
                  See this organization&apos;s refused visits
                </Link>
              </dd>
            </div>
          </dl>
        </Card>
      </div>
    </>
  );
}
