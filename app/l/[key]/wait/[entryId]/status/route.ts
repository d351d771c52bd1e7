// The waiting page's refetch (after a reconnect, or polling while realtime is down): queueStatus for
// the visitor whose cookie owns the entry; 404 for anyone else.
import { cookies } from "next/headers";
import { ownedQueueStatus } from "@/server/entry/waiting";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ key: string; entryId: string }> }) {
  const { key, entryId } = await ctx.params;
  const cookieId = verifyVisitorCookie((await cookies()).get(VISITOR_COOKIE)?.value);
  const status = await ownedQueueStatus({ key, entryId, cookieId });
  const headers = { "Cache-Control": "no-store" };
  return status ? Response.json(status, { headers }) : Response.json({ error: "not_found" }, { status: 404, headers });
}
