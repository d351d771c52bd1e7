// The sign-in form's fields, refused before anything reads the database when they cannot be text.
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";

export const signInInput = z.object({
  email: safeString().max(320, "That email address is too long."),
  password: safeString().max(1000, "That password is too long."),
});
