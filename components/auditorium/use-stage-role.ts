"use client";
// A seat promoted to the stage or sent back to the audience gets a `stage.role` notice on its own
// channel; the page is rendered again on the server, which picks the view for the new role.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useChannel } from "@/lib/realtime/hooks";
import { STAGE_EVENTS } from "@/lib/stage-events";

/** `channel`: the seat's own (SessionViewData.channels.own), or null once it has left. */
export function useStageRoleWatch(channel: string | null) {
  const router = useRouter();
  const handlers = useMemo(() => ({ [STAGE_EVENTS.role]: () => router.refresh() }), [router]);
  useChannel(channel, handlers);
}
