// A room's passcode is its scenario's invitation code (docs/sessions.md, "ID and password"): the
// launcher's form and the room's invitation page both check it here, and wrong guesses from one
// address count once across both.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "../db";

function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Constant-time check of a typed invitation code against the stored SHA-256 hex. */
export function invitationCodeMatches(code: string, hash: string): boolean {
  const a = Buffer.from(sha256Hex(code.trim()));
  const b = Buffer.from(hash.trim().toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Wrong passcodes from one address for one room's scenario (its code): 10 in 15 minutes, then that
 * address waits 15 minutes. A typo streak passes; guessing a code takes forever. Only failures
 * count, and a blocked attempt is refused before the code is even compared.
 */
export const PASSCODE_LIMIT = { points: 10, windowMs: 15 * 60_000, blockMs: 15 * 60_000 } as const;
let passcodeLimiter: RateLimiterPrisma | undefined;
function passcodeLimit(): RateLimiterPrisma {
  passcodeLimiter ??= new RateLimiterPrisma({
    storeClient: db,
    tableName: "rateLimit",
    keyPrefix: "room_code",
    points: PASSCODE_LIMIT.points,
    duration: PASSCODE_LIMIT.windowMs / 1000,
    blockDuration: PASSCODE_LIMIT.blockMs / 1000,
  });
  return passcodeLimiter;
}
const passcodeKey = (ip: string, scenarioId: string) => `${ip}_${scenarioId}`;
const waitMessage = (ms: number) => `Too many wrong passcodes. Please wait ${Math.max(1, Math.ceil(ms / 60_000))} minutes and try again.`;

/** The wait message when this address has used up its wrong passcodes for the scenario, else null. */
export async function passcodeBlocked(ip: string, scenarioId: string): Promise<string | null> {
  const blocked = await passcodeLimit().get(passcodeKey(ip, scenarioId));
  return blocked && blocked.consumedPoints > PASSCODE_LIMIT.points ? waitMessage(blocked.msBeforeNext) : null;
}

/**
 * Null when `code` is the scenario's passcode; otherwise what to tell the person, and the wrong
 * guess counts against this address (the invitation page and the launcher's form share the count).
 */
export async function checkPasscode(ip: string, scenarioId: string, code: string, hash: string): Promise<string | null> {
  if (invitationCodeMatches(code, hash)) return null;
  const over = await passcodeLimit()
    .consume(passcodeKey(ip, scenarioId))
    .then(
      () => null,
      (r: unknown) => {
        if (r instanceof RateLimiterRes) return r;
        throw r;
      },
    );
  return over ? waitMessage(over.msBeforeNext) : "That passcode isn't right. Check it and try again.";
}
