"use server";
// The visitor's form posts. Thin: read the cookie and the form, call server/entry or server/queue,
// set the visitor cookie only on success (setting it makes Next re-render the page), redirect.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import type { PreChatState, ScheduleState, StartScheduledState } from "@/server/entry/form-state";
import { joinQueue } from "@/server/entry/join";
import { isHttps, requestIp } from "@/server/entry/request";
import { leaveOwnedEntry, loadOwnedEntry } from "@/server/entry/waiting";
import { isAppError } from "@/server/errors";
import { scheduleLater, startScheduledSession } from "@/server/queue/schedule";
import { VISITOR_COOKIE, signVisitorCookie, verifyVisitorCookie } from "@/server/visitors/cookie";
import { cookieIdFor, visitorCookieOptions } from "@/server/visitors/identify";

const str = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, 5000) : "";
};

async function currentCookie() {
  return cookieIdFor((await cookies()).get(VISITOR_COOKIE)?.value);
}

/** Sets (or refreshes, so it lives a year from the last visit) the signed visitor cookie. */
async function setVisitorCookie(cookieId: string) {
  const secure = isHttps(await headers());
  (await cookies()).set(VISITOR_COOKIE, signVisitorCookie(cookieId), visitorCookieOptions(secure));
}

async function ownerCookieId(): Promise<string | null> {
  return verifyVisitorCookie((await cookies()).get(VISITOR_COOKIE)?.value);
}

export async function joinAction(key: string, _prev: PreChatState, form: FormData): Promise<PreChatState> {
  const values = {
    question: str(form, "question"),
    name: str(form, "name"),
    email: str(form, "email"),
    code: str(form, "code"),
  };
  const { cookieId } = await currentCookie();
  const user = await getSessionUser();
  const result = await joinQueue({
    key,
    token: str(form, "token") || null,
    values,
    visitorCookieId: cookieId,
    userId: user?.id ?? null,
    clientAddress: requestIp(await headers()),
  });
  if (!result.ok) {
    // The code is never sent back to the page.
    return {
      fieldErrors: result.fieldErrors,
      formError: result.formError,
      signInRequired: result.signInRequired,
      expired: result.expired,
      values: { ...values, code: "" },
    };
  }
  await setVisitorCookie(cookieId);
  // A running collaboration room of this launcher seated the visitor at once (server/sessions/room.ts).
  if ("roomId" in result) redirect(`/s/${encodeURIComponent(result.roomId)}`);
  redirect(`/l/${encodeURIComponent(key)}/wait/${result.entryId}`);
}

export async function leaveAction(key: string, entryId: string): Promise<void> {
  try {
    await leaveOwnedEntry({ key, entryId, cookieId: await ownerCookieId() });
  } catch (e) {
    if (!isAppError(e) || e.code !== "NOT_FOUND") throw e;
  }
  redirect(`/l/${encodeURIComponent(key)}/wait/${encodeURIComponent(entryId)}`);
}

/** "2026-01-14" + "14:30" (UTC: the form sends the instant, converted from the visitor's zone by its script) → that instant, or null. */
function slotFrom(day: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${day}T${time}:00.000Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function scheduleAction(key: string, entryId: string, _prev: ScheduleState, form: FormData): Promise<ScheduleState> {
  const values = {
    day: str(form, "day"),
    time: str(form, "time"),
    email: str(form, "email").trim(),
    name: str(form, "name").trim(),
  };
  // Sent by the form's script; without JavaScript there is none and times are UTC.
  const timeZone = str(form, "tz");
  const entry = await loadOwnedEntry({ key, entryId, cookieId: await ownerCookieId() });
  if (!entry)
    return {
      fieldErrors: {},
      formError: "We couldn't find your place in line. Please start again from the website.",
      values,
    };
  const fieldErrors: ScheduleState["fieldErrors"] = {};
  const slot = slotFrom(values.day, values.time);
  if (!values.day) fieldErrors.day = "Please pick a day.";
  if (!values.time) fieldErrors.time = "Please pick a time.";
  else if (!slot) fieldErrors.time = "Please pick one of the times offered.";
  if (!values.email) fieldErrors.email = "Please enter your email address, so we can send you the link.";
  if (Object.keys(fieldErrors).length > 0 || !slot) return { fieldErrors, values };
  try {
    await scheduleLater({
      orgId: entry.orgId,
      queueEntryId: entry.id,
      visitorId: entry.visitor.id,
      launcherKey: key,
      scheduledFor: slot,
      email: values.email,
      name: values.name || null,
      timeZone,
    });
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_REQUEST") {
      const field = e.details?.field === "email" || e.details?.field === "name" ? e.details.field : "time";
      return {
        fieldErrors: {
          [field]: field === "time" ? "That time is no longer available. Please pick a later one." : e.message,
        },
        values,
      };
    }
    if (isAppError(e) && (e.code === "CONFLICT" || e.code === "NOT_FOUND")) return { fieldErrors: {}, formError: e.message, values };
    throw e;
  }
  redirect(`/l/${encodeURIComponent(key)}/wait/${encodeURIComponent(entryId)}`);
}

export async function startScheduledAction(
  key: string,
  scheduledId: string,
  token: string,
  _prev: StartScheduledState,
): Promise<StartScheduledState> {
  const { cookieId } = await currentCookie();
  const user = await getSessionUser();
  const result = await startScheduledSession({
    key,
    scheduledId,
    token,
    visitorCookieId: cookieId,
    userId: user?.id ?? null,
    clientAddress: requestIp(await headers()),
  });
  if (!result.ok) {
    const messages = {
      early: "It's not time yet. The link opens 5 minutes before your session.",
      late: "This session's time has passed.",
      cancelled: "This session was cancelled.",
      unavailable: "Live help is unavailable right now. Please try again later.",
      invalid: "This link is not valid.",
    } as const;
    return { formError: messages[result.state] };
  }
  await setVisitorCookie(cookieId);
  redirect(`/l/${encodeURIComponent(key)}/wait/${result.entryId}`);
}
