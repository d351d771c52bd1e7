// A small availability badge a client can put on its own page: <img src=".../l/{key}/badge.svg" alt="">.
// Unknown or suspended keys get an "offline" badge, never an error image.
import { db } from "@/server/db";
import { orgAvailability } from "@/server/launchers/availability";
import { badgeSvg } from "@/server/launchers/badge";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ key: string }> }) {
  const { key } = await ctx.params;
  const launcher = /^[A-Za-z0-9_-]{1,64}$/.test(key)
    ? await db.launcher.findUnique({
        where: { key },
        select: {
          archivedAt: true,
          org: { select: { id: true, status: true, brandColor: true, agentStatuses: true } },
        },
      })
    : null;
  const open = launcher && !launcher.archivedAt && launcher.org.status === "ACTIVE" ? launcher.org : null;
  const state = open ? (await orgAvailability(open.id, open.agentStatuses)).state : "offline";
  return new Response(badgeSvg(state, open?.brandColor ?? null), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=10",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
