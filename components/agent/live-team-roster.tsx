"use client";
// The team roster, kept fresh through tRPC (@trpc/tanstack-react-query) from the server-rendered
// first copy. Realtime status pushes join it with the agent console.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { TeamRoster } from "./team-roster";

type Members = inferRouterOutputs<AppRouter>["org"]["members"];

export function LiveTeamRoster({ orgId, selfUserId, initial }: { orgId: string; selfUserId: string; initial: Members }) {
  const trpc = useTRPC();
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
