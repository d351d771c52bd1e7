"use client";
// The agent picks the picture the visitor sees beside their name and their lines in a session (the
// 1999 design's "avatar style" among the agent's options). Saved on each pick; sessions already
// running keep the picture their seat was given.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AvatarPicker } from "@/components/dashboard/avatar-picker";
import { useTRPC } from "@/lib/trpc";

export function OwnAvatar({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const key = trpc.agent.avatar.queryKey({ orgId });
  const current = useQuery(trpc.agent.avatar.queryOptions({ orgId }));
  const save = useMutation(
    trpc.agent.setAvatar.mutationOptions({
      onSuccess: (r) => qc.setQueryData(key, r),
    }),
  );
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4">
      {current.isLoading ? (
        <p className="text-sm text-slate-500">Loading your avatar…</p>
      ) : current.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Couldn&apos;t load your avatar. {current.error.message}
        </p>
      ) : (
        <AvatarPicker
          orgId={orgId}
          label="Your avatar in sessions"
          value={current.data?.avatarUrl ?? null}
          onChange={(v) => save.mutate({ orgId, avatarUrl: v })}
          upload={false}
          disabled={save.isPending}
        />
      )}
      <p role="status" className={`mt-2 text-xs ${save.isError ? "text-red-700" : "text-slate-500"}`}>
        {save.isPending
          ? "Saving…"
          : save.isError
            ? `Not saved: ${save.error.message}`
            : save.isSuccess
              ? "Saved. New sessions show it."
              : current.data?.avatarUrl
                ? "Visitors see it beside your name and your lines."
                : "None: visitors see the scenario's agent picture, or your initials."}
      </p>
    </div>
  );
}
