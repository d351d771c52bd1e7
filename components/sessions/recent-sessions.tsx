"use client";
// Recently ended sessions, each linked to its read-only transcript (/s/{id}, which brings the reader
// back here). "mine": the agent's own (agent console); "org": the whole org's, for staff with
// sessions.read (dashboard, live monitor). A simple list: search and reports come later.
import { useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/viewer/local-time";
import { sessionHeading, withBack } from "@/lib/back-link";
import { useTRPC } from "@/lib/trpc";

export function RecentSessions({ orgId, scope, backPath }: { orgId: string; scope: "mine" | "org"; backPath: string }) {
  const trpc = useTRPC();
  const options = { refetchInterval: 60_000 };
  const mine = useQuery({ ...trpc.agent.recentSessions.queryOptions({ orgId }, options), enabled: scope === "mine" });
  const org = useQuery({ ...trpc.manager.recentSessions.queryOptions({ orgId }, options), enabled: scope === "org" });
  const q = scope === "mine" ? mine : org;
  const headingId = `recent-sessions-${scope}`;
  return (
    <section aria-labelledby={headingId} className="mt-6 rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={headingId} className="text-base font-semibold">
        {scope === "mine" ? "Your recent sessions" : "Recent sessions"}
      </h2>
      <p className="mt-0.5 text-sm text-slate-500">Ended sessions, newest first. Open one to read its transcript.</p>
      {q.isPending ? (
        <p className="mt-3 text-sm text-slate-500">Loading…</p>
      ) : q.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Couldn&apos;t load recent sessions: {q.error.message}
        </p>
      ) : q.data.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No ended sessions yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100">
          {q.data.map((s) => (
            <li key={s.id}>
              <a
                href={withBack(`/s/${encodeURIComponent(s.id)}`, backPath)}
                className="-mx-2 flex min-h-11 flex-col justify-center rounded-lg px-2 py-2 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 sm:flex-row sm:items-center sm:gap-3"
              >
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-slate-900">
                    {s.visitors.join(", ") || sessionHeading(s.title)}
                    {s.agents.length ? <span className="font-normal text-slate-500"> with {s.agents.join(", ")}</span> : null}
                  </span>
                  {s.question ? <span className="block truncate text-sm text-slate-500">{s.question}</span> : null}
                </span>
                <span className="shrink-0 text-xs text-slate-500">
                  Ended <LocalTime iso={s.endedAt.toISOString()} withDate />
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
