// GET /manager/sessions/csv?org=&from=&to=&q=...: the archive explorer's list as a CSV download,
// with the page's filters (reports.read). Bad filters answer 400 with the same sentence the page shows.
import { membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { errorResponse, fileResponse, textResponse } from "@/server/reports/archive/http";
import { MAX_CSV_ROWS } from "@/server/reports/archive/search";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  if (!(await getSessionUser())) return textResponse("Please sign in.", 401);
  const q = new URL(req.url).searchParams;
  const get = (k: string) => q.get(k) || undefined;
  const api = await getServerApi();
  try {
    // Without ?org=, the first org whose reports the reader may see (as the page does).
    const orgId = get("org") ?? membershipsFor((await api.me()).memberships, "reports.read").membership?.org.id ?? "";
    const { filename, csv, truncated } = await api.reportsArchive.csv({
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
    // A cut list also says so to programs: the file's last line does for people.
    return fileResponse(csv, filename, "text/csv; charset=utf-8", truncated ? { "x-truncated": String(MAX_CSV_ROWS) } : {});
  } catch (e) {
    return errorResponse(e);
  }
}
