// Live typing for unseen staff. Typing travels as client events on the presence channel, which
// monitors and prompters may not join (the room would see them in presence). The relay reports
// each client event to us (a `client_event` webhook, Pusher's own option), and we copy typing
// from a session's presence channel to its watch channel, which only unseen staff may join. The
// room's clients never learn that anyone watches (nothing they can subscribe to changes); the copy carries the typist's participant id
// from the relay's signed presence membership, so nobody can type under another's name.
import "server-only";
import { TYPING_COPY_EVENT, TYPING_EVENT, type TypingCopyPayload } from "../../lib/session-events";
import { db } from "../db";
import { audienceOfChannel, publishNotices, type Notice } from "../realtime/notices";
import { onRealtimeWebhook, type RealtimeWebhookEvent } from "../realtime/webhooks";
import { INVISIBLE_ROLES } from "./visibility";

const WATCHERS_TTL_MS = 2000;
const watchers = new Map<string, { any: boolean; at: number }>();

/** Is anyone unseen in this session? Cached briefly: typing fires up to ~3 times a second. */
async function watched(sessionId: string, now = Date.now()): Promise<boolean> {
  const hit = watchers.get(sessionId);
  if (hit && now - hit.at < WATCHERS_TTL_MS) return hit.any;
  const n = await db.participant.count({ where: { sessionId, leftAt: null, role: { in: [...INVISIBLE_ROLES] } } });
  if (watchers.size > 10_000) watchers.clear();
  watchers.set(sessionId, { any: n > 0, at: now });
  return n > 0;
}

/** The copy to publish for one webhook event, or null when it is not a typing event worth copying. */
export function typingCopyOf(event: RealtimeWebhookEvent): { sessionId: string; notice: Notice } | null {
  if (event.name !== "client_event" || event.event !== TYPING_EVENT || !event.user_id) return null;
  const from = audienceOfChannel(event.channel);
  if (from?.to !== "room") return null;
  let raw: unknown;
  try {
    raw = JSON.parse(event.data);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const { typing, text } = raw as { typing?: unknown; text?: unknown };
  const data: TypingCopyPayload = {
    participantId: event.user_id,
    typing: typing === true,
    ...(typing === true && typeof text === "string" ? { text: text.slice(-500) } : {}),
  };
  return { sessionId: from.sessionId, notice: { audience: { to: "watchers", sessionId: from.sessionId }, event: TYPING_COPY_EVENT, data } };
}

export async function copyTypingToWatchers(event: RealtimeWebhookEvent): Promise<void> {
  const copy = typingCopyOf(event);
  if (!copy) return;
  if (!(await watched(copy.sessionId))) return;
  await publishNotices([copy.notice]);
}

/** A session's watchers changed (someone joined or left unseen): forget the cached answer. */
export function forgetWatchers(sessionId: string): void {
  watchers.delete(sessionId);
}

onRealtimeWebhook(copyTypingToWatchers);
