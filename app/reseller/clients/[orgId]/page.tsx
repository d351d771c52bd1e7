import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDate, formatDateTime } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { OrgStatusControl } from "@/components/console/org-status-control";
import { OrgDetail } from "@/components/orgs/org-detail";
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
    <OrgDetail
      org={c}
      back={{ href: "/reseller", label: "All sub-clients" }}
      about={`client since ${formatDate(c.createdAt)}`}
      team={{ title: "Team", id: "team", statLabel: "Agents", empty: "Nobody yet: the team starts when the invited admin accepts." }}
      actions={
        <>
          <Card titleStyle="label" title="Owner invitation" id="invitation">
            <InvitationActions orgId={c.id} invitation={c.pendingInvitation} canInvite={!hasOwner} />
          </Card>
          <Card titleStyle="label" title="Status" id="status">
            <OrgStatusControl scope="reseller" orgId={c.id} orgName={c.name} status={c.status} />
            <p className="mt-3 text-xs text-slate-500">
              You can lift a suspension you made. A suspension by iSession (or by billing) is lifted only by iSession.
            </p>
          </Card>
        </>
      }
      setup={[
        { label: "Allowed domains", value: c.allowedDomains.length ? c.allowedDomains.join(", ") : "None yet (the client adds them)" },
        {
          label: "Launcher links",
          value: c.launchers.map((l) => (
            <span key={l.key} className="mr-2 inline-block font-mono text-xs">
              /l/{l.key}
            </span>
          )),
        },
      ]}
    >
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
    </OrgDetail>
  );
}
