"use server";
// The basic page's forms (they work without JavaScript: a plain POST, answered with a redirect).
// A line goes through sessions.send, the very procedure (and domain function) the live viewer uses.
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { getServerApi } from "@/server/api/server";

/** Known outcomes only: the page says them in its own words (nothing from the request is echoed). */
export type BasicError = "empty" | "too-long" | "closed" | "not-allowed" | "failed";

function basicError(e: TRPCError): BasicError {
  if (e.code === "BAD_REQUEST") return /Type a message/.test(e.message) ? "empty" : "too-long";
  if (e.code === "PRECONDITION_FAILED") return "closed";
  if (e.code === "FORBIDDEN") return "not-allowed";
  return "failed";
}

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export async function sendBasicLine(form: FormData): Promise<void> {
  const sessionId = field(form, "sessionId");
  if (!sessionId) notFound();
  const text = form.get("text");
  const clientEventId = form.get("clientEventId");
  let error: BasicError | null = null;
  try {
    await (
      await getServerApi()
    ).sessions.send({
      sessionId,
      text: typeof text === "string" ? text : "",
      clientEventId: typeof clientEventId === "string" ? clientEventId : "",
    });
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    error = basicError(e);
  }
  redirect(`/s/${encodeURIComponent(sessionId)}/basic${error ? `?error=${error}` : ""}`);
}

export async function leaveBasic(form: FormData): Promise<void> {
  const sessionId = field(form, "sessionId");
  if (!sessionId) notFound();
  try {
    await (await getServerApi()).sessions.leave({ sessionId });
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    // Already left or ended: the transcript says so.
  }
  redirect(`/s/${encodeURIComponent(sessionId)}`);
}
