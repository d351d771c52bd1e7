// Links a webhook payload carries back into the app.
import "server-only";
import { env } from "../env";

/** The session's transcript in the archive explorer (staff with sessions.read; add `&format=json`). */
export function transcriptUrl(orgId: string, sessionId: string): string {
  const url = new URL(`/manager/sessions/${encodeURIComponent(sessionId)}/transcript`, env.NEXTAUTH_URL);
  url.searchParams.set("org", orgId);
  return url.toString();
}
