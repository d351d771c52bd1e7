// Passwords are hashed with argon2id (OWASP's first choice; @node-rs/argon2 ships prebuilt).
import "server-only";
import { hash, verify } from "@node-rs/argon2";

// OWASP's 2024 baseline for argon2id: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed check, not a crash of the sign-in endpoint.
    return false;
  }
}

/** Same cost as a real check, so a missing account cannot be told apart by timing. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("iSession-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
