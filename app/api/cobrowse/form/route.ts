// The visitor's tab reports forms filled together (server/cobrowse/forms.ts): its answer to an
// agent's proposal, or a field the visitor filled themselves (a masked one without its value).
import { answer, preflight, readJsonBody } from "@/server/cobrowse/http";
import { formReportFromTab } from "@/server/cobrowse/forms";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await readJsonBody(req);
  return answer(() => formReportFromTab(body));
}

export const OPTIONS = preflight;
