"use server";
// The invitation page's form post: thin, as the launcher's (app/l/[key]/actions.ts). The visitor
// cookie is set only once a seat was taken, so a refused join leaves nothing behind.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { RoomJoinState } from "@/components/viewer/invite-join-form";
import { getSessionUser } from "@/server/auth";
import { isHttps, requestIp } from "@/server/entry/request";
import { joinRoomByInvite } from "@/server/sessions/room-invite";
import { VISITOR_COOKIE, signVisitorCookie } from "@/server/visitors/cookie";
import { cookieIdFor, visitorCookieOptions } from "@/server/visitors/identify";

const str = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, 5000) : "";
};

export async function joinRoomAction(sessionId: string, token: string, _prev: RoomJoinState, form: FormData): Promise<RoomJoinState> {
  const jar = await cookies();
  const { cookieId } = cookieIdFor(jar.get(VISITOR_COOKIE)?.value);
  const user = await getSessionUser();
  const name = str(form, "name");
  const h = await headers();
  const result = await joinRoomByInvite({
    sessionId,
    token,
    name,
    code: str(form, "code"),
    cookieId,
    userId: user?.id ?? null,
    ip: requestIp(h) ?? "unknown",
  });
  // The passcode is never sent back to the page.
  if (!result.ok) return { fieldErrors: result.fieldErrors, formError: result.formError, reason: result.reason, values: { name } };
  jar.set(VISITOR_COOKIE, signVisitorCookie(cookieId), visitorCookieOptions(isHttps(h)));
  redirect(`/s/${encodeURIComponent(result.sessionId)}`);
}
