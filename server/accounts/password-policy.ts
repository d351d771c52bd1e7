// What a new password must be: at least 10 characters (NIST SP 800-63B asks for length, not
// character classes), at most 200 (argon2 hashes whatever it is given), not one of the passwords
// everyone tries first, and not the account's own email address or its part before the @.
import { MIN_PASSWORD_LENGTH } from "./password";

export const MAX_PASSWORD_LENGTH = 200;

// Lower-cased; the ones at least 10 characters long matter, the short ones fail on length anyway.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "1111111111",
  "0000000000",
  "123456789a",
  "1q2w3e4r5t",
  "qwertyuiop",
  "qwerty12345",
  "qwerty123456",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou123",
  "letmein123",
  "welcome123",
  "changeme123",
  "administrator",
  "abcdefghij",
  "abc1234567",
  "football123",
  "monkey12345",
  "sunshine123",
  "isession123",
  "correcthorsebatterystaple",
]);

/** Why `password` is not acceptable for the account `email`, or null when it is. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return "That password is too common. Choose one that is harder to guess.";
  if (email) {
    const address = email.trim().toLowerCase();
    const local = address.split("@")[0] ?? "";
    if (lower === address || (local.length >= 3 && lower === local)) return "Don't use your email address as your password.";
  }
  return null;
}
