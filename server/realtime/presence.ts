// Who is connected right now, asked of the relay (or Pusher) through the same SDK that publishes:
// GET /apps/{id}/channels/{channel}/users for a presence channel (one member per user_id, however
// many tabs), GET /apps/{id}/channels for occupancy. Domain code asks by seat or session, never by name.
import "server-only";
import { audienceOfChannel, channels } from "./channels";
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

/** Whether the seat's page holds its own participant channel now (attendees are never on presence). */
export function participantOnline(participantId: string): Promise<boolean> {
  return channelOccupied(channels.participant(participantId));
}

/** The seats on the session's presence channel now (user_id is the participant id: authorize.ts). */
export function sessionPresence(sessionId: string): Promise<Set<string>> {
  return presenceUserIds(channels.session(sessionId));
}

const PARTICIPANT_PREFIX = channels.participant("");

/** Every seat whose own channel someone holds now, in one request (the relay lists occupied channels). */
export async function onlineParticipants(): Promise<Set<string>> {
  const res = await pusherServer().get({ path: "/channels", params: { filter_by_prefix: PARTICIPANT_PREFIX } });
  const body = (await res.json()) as { channels?: Record<string, unknown> };
  const ids = new Set<string>();
  for (const name of Object.keys(body.channels ?? {})) {
    const parsed = audienceOfChannel(name);
    if (parsed?.to === "participant") ids.add(parsed.participantId);
  }
  return ids;
}
