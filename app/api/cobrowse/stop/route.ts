// The visitor stopped sharing (or their tab refused a page too large to share).
import { answer, preflight, readJsonBody } from "@/server/cobrowse/http";
import { stop } from "@/server/cobrowse/pairing";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await readJsonBody(req);
  return answer(() => stop(body.token, body.reason));
}

export const OPTIONS = preflight;
