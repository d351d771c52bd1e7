import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Stats, formatCount, formatDate, formatDateTime, planName, ORG_STATUS } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { OrgStatusControl } from "@/components/console/org-status-control";
import { InvitationActions } from "@/components/reseller/invitation-actions";
import { NotAReseller } from "@/app/reseller/not-a-reseller";
import { getServerApi } from "@/server/api/server";
import { requireSignedIn, trpcCode } from "../../access";

export const metadata: Metadata = { title: "Sub-client" };
export const dynamic = "force-dynamic";

const HISTORY: Record<string, string> = {
  "org.created": "Created",
  "org.suspended": "Suspended",
  "org.reactivated": "Reactivated",
  "invitation.created": "Invitation sent",
  "invitation.revoked": "Invitation withdrawn",
};

export default async function SubClientPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const user = await requireSignedIn(`/reseller/clients/${orgId}`);
  const api = await getServerApi();
  let c;
  try {
    c = await api.reseller.client({ orgId });
  } catch (e) {
    const code = trpcCode(e);
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") notFound();
    if (code === "FORBIDDEN") return <NotAReseller userLabel={user.name ?? user.email} message={(e as Error).message} />;
    throw e;
  }
  const hasOwner = c.members.some((m) => m.role === "OWNER" && m.active);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/reseller" className="text-brand-700 hover:underline">
          ← All sub-clients
        </Link>
      </p>
      <PageHeader
        title={c.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge dot {...ORG_STATUS[c.status]} /> {planName(c.plan)} · client since {formatDate(c.createdAt)}
          </span>
        }
      />
      {c.status === "SUSPENDED" ? (
        <p role="status" className="mb-6 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
          Suspended{c.suspendedAt ? ` on ${formatDateTime(c.suspendedAt)}` : ""}: {c.suspendedReason ?? "no reason given"}. Visitors see
          that live help is not available.
        </p>
      ) : null}
      <Stats
        items={[
          { label: "Visitor minutes", value: formatCount(c.usage.visitorMinutes), hint: "this month" },
          { label: "Session hits", value: formatCount(c.usage.sessionHits), hint: "this month" },
          { label: "Sessions", value: formatCount(c.usage.sessions), hint: "this month" },
          { label: "Agents", value: formatCount(c.members.filter((m) => m.active).length) },
        ]}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card titleStyle="label" title="Owner invitation" id="invitation">
          <InvitationActions orgId={c.id} invitation={c.pendingInvitation} canInvite={!hasOwner} />
        </Card>
        <Card titleStyle="label" title="Status" id="status">
          <OrgStatusControl scope="reseller" orgId={c.id} orgName={c.name} status={c.status} />
          <p className="mt-3 text-xs text-slate-500">
            You can lift a suspension you made. A suspension by iSession (or by billing) is lifted only by iSession.
          </p>
        </Card>
        <Card titleStyle="label" title="Team" id="team">
          {c.members.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {c.members.map((m) => (
                <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
                  <span className="min-w-0 break-all">
                    {m.name ?? m.email} <span className="text-slate-500">{m.name ? m.email : ""}</span>
                  </span>
                  <span className="text-xs text-slate-500">
                    {m.role.charAt(0) + m.role.slice(1).toLowerCase()}
                    {m.active ? "" : " · deactivated"}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">Nobody yet: the team starts when the invited admin accepts.</p>
          )}
        </Card>
        <Card titleStyle="label" title="Set-up" id="setup">
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-xs text-slate-500">Allowed domains</dt>
              <dd className="break-all">{c.allowedDomains.length ? c.allowedDomains.join(", ") : "None yet (the client adds them)"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Launcher links</dt>
              <dd>
                {c.launchers.map((l) => (
                  <span key={l.key} className="mr-2 inline-block font-mono text-xs">
                    /l/{l.key}
                  </span>
                ))}
              </dd>
            </div>
          </dl>
        </Card>
      </div>
      <Card titleStyle="label" title="History" id="history" className="mt-6">
        {c.history.length ? (
          <ol className="space-y-2 text-sm">
            {c.history.map((h) => (
              <li key={h.id} className="flex flex-wrap gap-x-3">
                <time className="text-slate-500 tabular-nums" dateTime={h.createdAt.toISOString()}>
                  {formatDateTime(h.createdAt)}
                </time>
                <span>
                  {HISTORY[h.action] ?? h.action}
                  {h.email ? ` · ${h.email}` : ""}
                  {h.reason ? ` · “${h.reason}”` : ""}
                  <span className="text-slate-500">
                    {" "}
                    · by {h.actorType === "admin" ? "iSession" : h.actorType === "system" ? "billing" : "your team"}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">Nothing recorded yet.</p>
        )}
      </Card>
    </>
  );
}
