import type { ChannelState } from "@/lib/realtime/hooks";

/** What a session page's status badge says of its realtime connection, once nothing else (ended, left) is to be said. */
export function liveLabel(state: ChannelState): "Live" | "Offline" | "Connecting…" {
  return state === "subscribed" ? "Live" : state === "error" ? "Offline" : "Connecting…";
}
