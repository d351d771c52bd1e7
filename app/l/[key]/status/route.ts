// Availability before the click, for the embed button and any client's own page:
// { "available": n, "state": "available" | "busy" | "offline", "brandColor": "#rrggbb", "label": "…" }.
// Public and cross-origin, cached briefly.
import { launcherAvailability } from "@/server/launchers/availability";

export const dynamic = "force-dynamic";

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Max-Age": "86400",
};

export async function GET(_req: Request, ctx: { params: Promise<{ key: string }> }) {
  const { key } = await ctx.params;
  const availability = await launcherAvailability(key);
  if (!availability) {
    return Response.json({ error: "not_found" }, { status: 404, headers: { ...CORS, "Cache-Control": "public, max-age=10" } });
  }
  return Response.json(availability, { headers: { ...CORS, "Cache-Control": "public, max-age=10" } });
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS });
}
