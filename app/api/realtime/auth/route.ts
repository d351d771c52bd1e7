// pusher-js posts here (form-encoded socket_id + channel_name) to join private and presence channels.
import { cookies } from "next/headers";
import { getSessionUser } from "@/server/auth";
import { answerChannelAuth } from "@/server/realtime/auth-endpoint";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const [user, jar, body] = await Promise.all([getSessionUser(), cookies(), req.text()]);
  const caller = { userId: user?.id ?? null, visitorCookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value) };
  const { status, body: json } = await answerChannelAuth(caller, new URLSearchParams(body.slice(0, 4096)));
  return Response.json(json, { status, headers: { "Cache-Control": "no-store" } });
}
