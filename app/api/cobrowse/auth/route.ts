// Channel authorization for the visitor's shared tab: its token, not a cookie (it is another site).
import { answer, preflight, readJsonBody } from "@/server/cobrowse/http";
import { authorizeTab } from "@/server/cobrowse/pairing";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await readJsonBody(req);
  return answer(() => authorizeTab(body.token, body.socket_id, body.channel_name));
}

export const OPTIONS = preflight;
