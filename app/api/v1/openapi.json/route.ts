// The public API's OpenAPI 3.1 document (server/api-v1/openapi.ts), public like the reference page.
import { API_RESPONSE_HEADERS } from "@/server/api-v1/errors";
import { openApiDocument } from "@/server/api-v1/openapi";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export function GET() {
  return new Response(JSON.stringify(openApiDocument(new URL(env.NEXTAUTH_URL).origin), null, 2), {
    headers: {
      ...API_RESPONSE_HEADERS,
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
