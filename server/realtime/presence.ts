// Who is on a presence channel right now, asked of the relay (or Pusher) through the same SDK that
// publishes: GET /apps/{id}/channels/{channel}/users. One member per user_id, however many tabs.
import "server-only";
import { pusherServer } from "./publish";

export async function presenceUserIds(channel: string): Promise<Set<string>> {
  const res = await pusherServer().get({ path: `/channels/${encodeURIComponent(channel)}/users` });
  const body = (await res.json()) as { users?: { id?: unknown }[] };
  return new Set((body.users ?? []).map((u) => String(u.id)));
}

/** Whether anyone is subscribed to `channel` now: GET /apps/{id}/channels/{channel} (any channel kind). */
export async function channelOccupied(channel: string): Promise<boolean> {
  const res = await pusherServer().get({ path: `/channels/${encodeURIComponent(channel)}` });
  const body = (await res.json()) as { occupied?: unknown };
  return body.occupied === true;
}
