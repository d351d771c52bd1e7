// The visitor pressed "Share this tab" in the prompt on the client's page.
import { answer, preflight, readJsonBody } from "@/server/cobrowse/http";
import { consent } from "@/server/cobrowse/pairing";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await readJsonBody(req);
  return answer(() => consent(body.token, body.control === true));
}

export const OPTIONS = preflight;
