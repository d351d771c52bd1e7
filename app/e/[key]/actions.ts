"use server";
// The event link's form: a name, the visitor cookie (set here if the browser has none), the seat
// (server/auditorium/join.ts), then the event page. Every refusal comes back as a state to render.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { joinAuditorium, joinLimit } from "@/server/auditorium/join";
import { isHttps, requestIp } from "@/server/entry/request";
import { VISITOR_COOKIE, signVisitorCookie } from "@/server/visitors/cookie";
import { cookieIdFor, visitorCookieOptions } from "@/server/visitors/identify";

export type JoinEventState = {
  name: string;
  nameError?: string;
  /** full: the waiting choices are shown; others: a sentence. */
  refusal?: "full" | "not_started" | "ended" | "removed" | "not_found" | "unavailable" | "busy";
  startsAt?: string | null;
  tries?: number;
};

export async function joinEventAction(key: string, prev: JoinEventState, form: FormData): Promise<JoinEventState> {
  const raw = form.get("name");
  const name = typeof raw === "string" ? raw.slice(0, 500) : "";
  const { cookieId } = cookieIdFor((await cookies()).get(VISITOR_COOKIE)?.value);
  // Each join is a seat, a place under the cap and a billed hit: one address may not fill an event.
  if (!(await joinLimit(requestIp(await headers()), key))) return { name, refusal: "busy", tries: (prev.tries ?? 0) + 1 };
  const result = await joinAuditorium({ key, name, visitorCookieId: cookieId });
  if (!result.ok) {
    if (result.reason === "invalid_name") return { name, nameError: result.message };
    return {
      name,
      refusal: result.reason,
      startsAt: result.reason === "not_started" ? (result.startsAt?.toISOString() ?? null) : null,
      tries: (prev.tries ?? 0) + 1,
    };
  }
  // The seat is bound to this cookie: set (or refresh) it before going in; a first visit has none yet.
  (await cookies()).set(VISITOR_COOKIE, signVisitorCookie(cookieId), visitorCookieOptions(isHttps(await headers())));
  redirect(`/s/${encodeURIComponent(result.sessionId)}`);
}
