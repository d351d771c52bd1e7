import { receiveRealtimeWebhook } from "@/server/realtime/webhooks";
// Handlers register themselves on import.
import "@/server/sessions/typing-copy";
import "@/server/sessions/presence-leave";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  // The signature covers the exact bytes: read the raw body, never a re-serialised one.
  const { status, body } = await receiveRealtimeWebhook(req.headers, await req.text());
  return Response.json(body, { status });
}
