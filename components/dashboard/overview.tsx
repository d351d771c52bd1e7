"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { embedSnippet, launcherLink } from "@/lib/embed";
import { useTRPC } from "@/lib/trpc";
import { CopyField, QueryState } from "./ui";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

function Figure({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

export function Overview({ orgId, origin }: { orgId: string; origin: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.org.overview.queryOptions({ orgId }, { refetchInterval: 30_000 }));
  const o = q.data;
  const month = o ? o.periodStart.toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" }) : "";
  const first = o?.launchers[0];
  return (
    <>
      <PageHeader
        title="Overview"
        description={o ? `Usage in ${month} and who is ready right now.` : "Usage this month and who is ready right now."}
      />
      <QueryState query={q}>
        {o ? (
          <div className="space-y-6">
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
              <Figure label="Sessions this month" value={o.sessionsThisMonth} hint={`${o.liveSessions} live now`} />
              <Figure label="Visitor minutes" value={o.visitorMinutes} />
              <Figure label="Session hits" value={o.sessionHits} />
              <Figure label="Agents ready" value={o.agentsReady} hint={`${o.freeSeats} free seat${o.freeSeats === 1 ? "" : "s"}`} />
            </dl>
            {first ? (
              <Card title={`Put “${first.name}” on your site`} id="embed">
                <div className="space-y-3">
                  <CopyField id="overview-link" label="Link" value={launcherLink(origin, first.key)} />
                  <CopyField id="overview-snippet" label="Embed snippet" value={embedSnippet(origin, first.key)} multiline />
                </div>
              </Card>
            ) : (
              <Card title="No launcher yet" id="embed">
                <p className="text-sm text-slate-600">
                  <Link className="text-brand-700 underline" href="/dashboard/launchers">
                    Create a launcher
                  </Link>{" "}
                  to get a link and an embed snippet for your site.
                </p>
              </Card>
            )}
            <Card title="Quick links" id="quick">
              <ul className="grid gap-2 text-sm sm:grid-cols-2">
                <li>
                  <Link className="text-brand-700 underline" href="/dashboard/agents">
                    Invite an agent
                  </Link>
                  {o.pendingInvitations ? <span className="text-slate-500"> · {o.pendingInvitations} pending</span> : null}
                </li>
                <li>
                  <Link className="text-brand-700 underline" href="/dashboard/notifications">
                    Notifications
                  </Link>
                  {o.unreadNotifications ? <span className="font-medium text-amber-700"> · {o.unreadNotifications} unread</span> : null}
                </li>
                <li>
                  <Link className="text-brand-700 underline" href="/dashboard/preferences">
                    Allowed domains and routing
                  </Link>
                </li>
                <li>
                  <Link className="text-brand-700 underline" href="/dashboard/scenarios">
                    Edit scenarios
                  </Link>
                </li>
                <li>
                  <Link className="text-brand-700 underline" href="/agent">
                    Take chats in the agent console
                  </Link>
                </li>
                <li>
                  <Link className="text-brand-700 underline" href="/dashboard/billing">
                    Billing and statements
                  </Link>
                </li>
              </ul>
            </Card>
          </div>
        ) : null}
      </QueryState>
    </>
  );
}
