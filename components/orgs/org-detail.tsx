// One organization's page, as the operator (app/admin/orgs/[orgId]) and a reseller
// (app/reseller/clients/[orgId]) see it: the same facts laid out once. Each page loads its own data
// through its own procedure (a reseller reaches only its sub-clients) and brings what differs: the
// actions it may take, its history, and how it speaks of where the org came from.
import Link from "next/link";
import type { ReactNode } from "react";
import { Stats, formatCount, formatDateTime, planName, ORG_STATUS } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";

/** What both procedures (`admin.org`, `reseller.client`) return of an organization. */
export type OrgFacts = {
  name: string;
  status: keyof typeof ORG_STATUS;
  plan: Parameters<typeof planName>[0];
  suspendedAt: Date | null;
  suspendedReason: string | null;
  usage: { visitorMinutes: number; sessionHits: number; sessions: number };
  members: { id: string; name: string | null; email: string; role: string; active: boolean }[];
};

export function OrgDetail({
  org,
  back,
  about,
  team,
  actions,
  setup,
  children,
}: {
  org: OrgFacts;
  back: { href: string; label: string };
  /** After the plan in the header: where the org came from and since when. */
  about: string;
  /** The members' card and count, in this reader's words; `footer` goes under the list. */
  team: {
    title: string;
    id: string;
    statLabel: string;
    empty: string;
    footer?: ReactNode;
  };
  /** The cards before the team's: what this reader may do, and the status history they see. */
  actions: ReactNode;
  /** The set-up card's facts. */
  setup: { label: string; value: ReactNode }[];
  /** Full width, under the cards. */
  children?: ReactNode;
}) {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={back.href} className="text-brand-700 hover:underline">
          ← {back.label}
        </Link>
      </p>
      <PageHeader
        title={org.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge dot {...ORG_STATUS[org.status]} /> {planName(org.plan)} · {about}
          </span>
        }
      />
      {org.status === "SUSPENDED" ? (
        <p role="status" className="mb-6 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
          Suspended{org.suspendedAt ? ` on ${formatDateTime(org.suspendedAt)}` : ""}: {org.suspendedReason ?? "no reason recorded"}.
          Visitors see that live help is not available.
        </p>
      ) : null}
      <Stats
        items={[
          { label: "Visitor minutes", value: formatCount(org.usage.visitorMinutes), hint: "this month" },
          { label: "Session hits", value: formatCount(org.usage.sessionHits), hint: "this month" },
          { label: "Sessions", value: formatCount(org.usage.sessions), hint: "this month" },
          { label: team.statLabel, value: formatCount(org.members.filter((m) => m.active).length) },
        ]}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {actions}
        <Card titleStyle="label" title={team.title} id={team.id}>
          {org.members.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {org.members.map((m) => (
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
            <p className="text-sm text-slate-500">{team.empty}</p>
          )}
          {team.footer}
        </Card>
        <Card titleStyle="label" title="Set-up" id="setup">
          <dl className="space-y-2 text-sm">
            {setup.map((f) => (
              <div key={f.label}>
                <dt className="text-xs text-slate-500">{f.label}</dt>
                <dd className="break-all">{f.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      {children}
    </>
  );
}
