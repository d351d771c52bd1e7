// Server-action posts checked before Next sees them. Next answers 500 to a cross-origin Origin, a
// body over its limit, a truncated multipart body and arguments that are not React's JSON; those
// are the client's mistakes (or an attack), so they get 403, 413 and 400 here instead. Only action
// posts (POST to a page, not /api) are read ahead, and at most ACTION_BODY_LIMIT bytes of them.
import "server-only";
import { IncomingMessage } from "node:http";

/** Next's default serverActions.bodySizeLimit (1 MB); next.config.ts leaves it at that. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export type ActionVerdict = { ok: true } | { ok: false; status: 400 | 403 | 413; message: string };

/** A POST that Next would treat as a possible server action (fetch action or no-JavaScript form). */
export function isActionPost(req: Pick<IncomingMessage, "method" | "url" | "headers">): boolean {
  if (req.method !== "POST" || (req.url ?? "/").startsWith("/api/")) return false;
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  return req.headers["next-action"] !== undefined || type.startsWith("multipart/form-data");
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether Next can decode this action body. React parses every reply row (fields "0", "1"…, or
 * "$ACTION_n:i" for a form's bound arguments) and a plain-text reply as JSON, and a multipart body
 * must be complete.
 */
export async function checkActionBody(body: Buffer, contentType: string): Promise<ActionVerdict> {
  const bad = (message: string): ActionVerdict => ({ ok: false, status: 400, message });
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return isJson(body.toString("utf8")) ? { ok: true } : bad("The action's arguments are not valid.");
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return bad("The form data is incomplete or malformed.");
  }
  for (const [name, value] of form) {
    if (typeof value === "string" && /^(\$ACTION_\d+:)?\d+$/.test(name) && !isJson(value)) {
      return bad("The action's arguments are not valid.");
    }
  }
  return { ok: true };
}

/** Reads the body up to `limit` bytes; null when it is longer (reading stops there) or cut off. */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
    // The client went away mid-body: nothing to hand on (the answer goes to a closed socket).
    req.once("close", () => {
      if (!req.complete) resolve(null);
    });
  });
}

/**
 * The request again, with its body in memory: a fresh IncomingMessage on the same socket carrying
 * the same request line and headers, for Next to read as if it came off the wire.
 */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.headers = req.headers;
  replay.rawHeaders = req.rawHeaders;
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}
