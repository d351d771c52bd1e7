// The launcher script for clients' sites (source: embed/embed.ts; docs/embed.md).
import { embedScript } from "@/server/embed/script";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const { code, etag } = await embedScript();
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    // Short enough that a fix reaches every site within minutes; revalidation is a 304.
    "Cache-Control": "public, max-age=300, stale-while-revalidate=86400",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(code, { headers });
}
