"use client";
// The team roster: the server-rendered first copy, refreshed through tRPC whenever a colleague's
// status changes (pushed on the org's staff channel), and every 30 s as a safety net.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { EVENTS } from "@/lib/realtime-events";
import { useChannel } from "@/lib/realtime/hooks";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { TeamRoster } from "./team-roster";

type Members = inferRouterOutputs<AppRouter>["org"]["members"];

/** `staffChannel`: the org's staff channel (server/realtime/subscriptions.ts staffChannels). */
export function LiveTeamRoster({
  orgId,
  staffChannel,
  selfUserId,
  initial,
}: {
  orgId: string;
  staffChannel: string;
  selfUserId: string;
  initial: Members;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.org.members.queryKey({ orgId }) });
  useChannel(staffChannel, { [EVENTS.agentStatus]: refresh }, { catchUp: refresh });
  const members = useQuery({
    ...trpc.org.members.queryOptions({ orgId }),
    initialData: initial,
    refetchInterval: 30_000,
  });
  return (
    <>
      <TeamRoster members={members.data} selfUserId={selfUserId} />
      {members.isError ? (
        <p role="status" className="mt-2 text-xs text-amber-700">
          Couldn&apos;t refresh the team just now; showing the last known state.
        </p>
      ) : null}
    </>
  );
}
