"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import { QueryState } from "./ui";
import { PageHeader } from "@/components/ui/page-header";

export function NotificationsList({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.notifications.list.queryOptions({ orgId }));
  const mark = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.notifications.list.queryKey({ orgId }) }),
    }),
  );
  return (
    <>
      <PageHeader
        title="Notifications"
        description={q.data ? `${q.data.unread} unread` : "What needs your attention, e.g. sites that tried to use your launchers."}
        actions={
          q.data?.unread ? (
            <Button variant="secondary" onClick={() => mark.mutate({ orgId, ids: "all" })} disabled={mark.isPending}>
              Mark all read
            </Button>
          ) : null
        }
      />
      <QueryState
        query={q}
        isEmpty={q.data?.items.length === 0}
        empty="Nothing here yet. You'll hear about sites that try to use your launchers without permission."
      >
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white">
          {q.data?.items.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start justify-between gap-3 p-4 ${n.readAt ? "" : "bg-brand-50/50"}`}>
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">
                  {n.readAt ? null : (
                    <span className="mr-2 inline-block size-2 rounded-full bg-brand-600 align-middle" aria-label="Unread" role="img" />
                  )}
                  {n.title}
                </p>
                {n.body ? <p className="mt-1 text-sm break-words text-slate-600">{n.body}</p> : null}
                <p className="mt-1 text-xs text-slate-500">
                  <time dateTime={n.createdAt.toISOString()}>{n.createdAt.toLocaleString()}</time>
                  {n.kind === "unauthorized_domain" ? (
                    <>
                      {" · "}
                      <Link href="/dashboard/preferences" className="text-brand-700 underline">
                        Allowed domains
                      </Link>
                    </>
                  ) : null}
                </p>
              </div>
              {n.readAt ? null : (
                <Button variant="ghost" onClick={() => mark.mutate({ orgId, ids: [n.id] })} aria-label={`Mark “${n.title}” read`}>
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}
