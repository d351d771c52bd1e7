// The co-browse bundle for clients' sites, loaded by /embed.js only after a pairing (docs/cobrowse.md).
import { cobrowseBundle } from "@/server/cobrowse/bundle";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const { code, etag } = await cobrowseBundle();
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300, stale-while-revalidate=86400",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(code, { headers });
}
