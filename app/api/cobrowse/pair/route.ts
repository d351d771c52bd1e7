// The visitor's tab asks whether it may offer to share itself (docs/cobrowse.md): waiting, ready
// (with a token), or 410 once the session is over.
import { CORS, answer, preflight } from "@/server/cobrowse/http";
import { pairAnswer } from "@/server/cobrowse/pairing";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const url = new URL(req.url);
  const nonce = url.searchParams.get("cb") ?? "";
  const host = req.headers.get("host") ?? url.host;
  const res = await answer(() => pairAnswer(nonce, host));
  if (res.status !== 200) return res;
  const body = (await res.json()) as { state: string };
  return Response.json(body, { status: body.state === "ended" ? 410 : 200, headers: CORS });
}

export const OPTIONS = preflight;
