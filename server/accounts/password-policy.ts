// The one password rule, for sign-up, invitation acceptance and password changes: at least
// MIN_PASSWORD_LENGTH characters, not one of the passwords every attacker tries first, and not the
// account's own email address (or its part before the @).
import "server-only";
import { MIN_PASSWORD_LENGTH } from "./password";

export const MAX_PASSWORD_LENGTH = 200;

// The most common leaked passwords that are long enough to pass the length rule (shorter ones fail
// it anyway). Compared case-insensitively.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "0987654321",
  "1111111111",
  "123123123123",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "qwertyuiop",
  "qwerty1234",
  "qwerty12345",
  "qwerty123456",
  "asdfghjkl1",
  "password12",
  "password123",
  "password1234",
  "password!1",
  "passw0rd123",
  "passwordpassword",
  "iloveyou12",
  "iloveyou123",
  "abcdefghij",
  "abcd123456",
  "abc1234567",
  "letmein123",
  "welcome123",
  "welcome1234",
  "administrator",
  "admin12345",
  "changeme123",
  "football123",
  "baseball123",
  "superman123",
  "sunshine123",
  "princess123",
  "monkey12345",
  "dragon12345",
  "trustno1234",
  "zaq12wsxcde",
  "isession123",
]);

/** Why `password` may not be used for the account `email`, or null when it is fine. */
export function checkPasswordPolicy(password: string, email = ""): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return "That password is too common; choose another.";
  const address = email.trim().toLowerCase();
  const local = address.split("@")[0] ?? "";
  if (address && (lower === address || (local.length >= 3 && lower === local))) {
    return "Your password must not be your email address.";
  }
  return null;
}
