// GET /manager/sessions/{id}/transcript?org=&format=text|json: one session's transcript as a file
// (sessions.read of its org; another org's session is a 404 like a missing one).
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { errorResponse, fileResponse, textResponse } from "@/server/reports/archive/http";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  if (!(await getSessionUser())) return textResponse("Please sign in.", 401);
  const { sessionId } = await params;
  const q = new URL(req.url).searchParams;
  const format = q.get("format") === "json" ? "json" : "text";
  try {
    const t = await (await getServerApi()).reportsArchive.transcript({ orgId: q.get("org") ?? "", sessionId, format });
    return fileResponse(t.body, t.filename, t.contentType);
  } catch (e) {
    return errorResponse(e);
  }
}
