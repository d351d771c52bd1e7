// INTERIM copy for reseller sign-up until server/accounts/password-policy.ts (issue 7, business
// sign-up) is merged; then import checkPasswordPolicy from there and delete this file.
// Rule: at least MIN_PASSWORD_LENGTH characters, not a common password, not the email (or its
// local part).
import { MIN_PASSWORD_LENGTH } from "../accounts/password";

const COMMON = new Set([
  "password", "password1", "password12", "password123", "password1234", "passw0rd", "1234567890",
  "12345678910", "0123456789", "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t", "iloveyou12",
  "letmein123", "welcome123", "administrator", "adminadmin", "abcdefghij", "abc1234567", "football12",
  "baseball12", "sunshine12", "princess12", "dragon1234", "monkey1234", "trustno1234", "changeme123",
  "demo-password", "aaaaaaaaaa", "1111111111", "0000000000", "qazwsxedcrfv", "zaq12wsxcde",
]);

/** Why `password` is not acceptable for the account `email`, or null when it is. */
export function checkPasswordPolicy(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return "Use at most 200 characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(lower)) return "That password is too common; choose another.";
  const e = email.trim().toLowerCase();
  const local = e.split("@")[0] ?? "";
  if (lower === e || (local.length >= 4 && lower.includes(local))) return "Don't use your email address in the password.";
  return null;
}
