// GET /manager/sessions/csv?org=&from=&to=&q=...: the archive explorer's list as a CSV download,
// with the page's filters (reports.read). Bad filters answer 400 with the same sentence the page shows.
import { TRPCError } from "@trpc/server";
import { membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "private, no-store" } });
const STATUS: Record<string, number> = { BAD_REQUEST: 400, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHORIZED: 401 };

export async function GET(req: Request) {
  if (!(await getSessionUser())) return text("Please sign in.", 401);
  const q = new URL(req.url).searchParams;
  const get = (k: string) => q.get(k) || undefined;
  const api = await getServerApi();
  try {
    // Without ?org=, the first org whose reports the reader may see (as the page does).
    const orgId = get("org") ?? membershipsFor((await api.me()).memberships, "reports.read").membership?.org.id ?? "";
    const { filename, csv } = await api.reportsArchive.csv({
      orgId,
      from: get("from") ?? "",
      to: get("to") ?? "",
      q: get("q"),
      agentId: get("agent"),
      launcherId: get("launcher"),
      scenarioId: get("scenario"),
      visitor: get("visitor"),
      outcome: get("outcome"),
    });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof TRPCError && STATUS[e.code]) {
      const issues = (e.cause as { issues?: { message: string }[] } | undefined)?.issues;
      return text(issues?.[0]?.message ?? e.message, STATUS[e.code]!);
    }
    throw e;
  }
}
