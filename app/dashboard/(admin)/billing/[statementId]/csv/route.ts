// GET /dashboard/billing/{statementId}/csv: one statement as a CSV download (billing.read).
import { statementCsvForUser } from "@/server/billing/csv";
import { getSessionUser } from "@/server/auth";
import { isAppError } from "@/server/errors";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ statementId: string }> }) {
  const user = await getSessionUser();
  if (!user) return new Response("Please sign in.", { status: 401, headers: { "content-type": "text/plain; charset=utf-8" } });
  const { statementId } = await params;
  try {
    const { filename, csv } = await statementCsvForUser(user.id, statementId);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND")
      return new Response("Statement not found.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
