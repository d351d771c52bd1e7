// GET /manager/sessions/{id}/transcript?org=&format=text|json: one session's transcript as a file
// (sessions.read of its org; another org's session is a 404 like a missing one).
import { TRPCError } from "@trpc/server";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "private, no-store" } });
const STATUS: Record<string, number> = { BAD_REQUEST: 400, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHORIZED: 401 };

export async function GET(req: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  if (!(await getSessionUser())) return text("Please sign in.", 401);
  const { sessionId } = await params;
  const q = new URL(req.url).searchParams;
  const format = q.get("format") === "json" ? "json" : "text";
  try {
    const t = await (await getServerApi()).reportsArchive.transcript({ orgId: q.get("org") ?? "", sessionId, format });
    return new Response(t.body, {
      headers: {
        "content-type": t.contentType,
        "content-disposition": `attachment; filename="${t.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof TRPCError && STATUS[e.code]) return text(e.code === "NOT_FOUND" ? "Session not found." : e.message, STATUS[e.code]!);
    throw e;
  }
}
