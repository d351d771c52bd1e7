// The channel-auth answer pusher-js asks for, as a plain function the route handler and tests share.
import "server-only";
import { authorizeChannel, type RealtimeCaller } from "./authorize";
import { pusherServer } from "./publish";

const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;
const CHANNEL = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;

export type AuthResponse = { status: number; body: unknown };

export async function answerChannelAuth(caller: RealtimeCaller, form: URLSearchParams): Promise<AuthResponse> {
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  if (!SOCKET_ID.test(socketId) || !CHANNEL.test(channel)) {
    return { status: 400, body: { error: "socket_id and channel_name are required and must be well-formed" } };
  }
  const decision = await authorizeChannel(caller, channel);
  if (!decision.ok) return { status: 403, body: { error: `Not allowed on ${channel}: ${decision.reason}` } };
  return { status: 200, body: pusherServer().authorizeChannel(socketId, channel, decision.presence) };
}

/** The signed answer for a caller already authorized elsewhere (the co-browse tab: server/cobrowse/pairing.ts). */
export function signChannelAuth(socketId: string, channel: string): { auth: string } {
  return pusherServer().authorizeChannel(socketId, channel);
}
