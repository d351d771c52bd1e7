// Submitting the pre-chat form: the entry token proves the referring page passed the domain check
// when the form was served (the form's own Referer is our page), the checks are repeated against
// today's settings, the fields are validated per scenario, and the visitor joins the queue.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { isAppError } from "../errors";
import {
  decideFromToken,
  loadLauncher,
  scenarioFor,
  verifyEntryToken,
  type EntryScenario,
} from "../launchers/entry";
import { MAX_QUESTION_LENGTH, enqueueVisitor } from "../queue/enqueue";
import { runningRoomFor, seatVisitorInRoom } from "../sessions/room";
import { upsertVisitor } from "../visitors/identify";
import type { PreChatField } from "./form-state";

export const MAX_NAME_LENGTH = 80;
export const MAX_EMAIL_LENGTH = 254;

export type { PreChatField } from "./form-state";
export type PreChatValues = Partial<Record<PreChatField, string>>;

export type JoinResult =
  | { ok: true; entryId: string; rejoined: boolean }
  /** A collaboration room of this launcher is running: the visitor was seated in it, no queue. */
  | { ok: true; roomId: string }
  | {
      ok: false;
      formError?: string;
      fieldErrors: Partial<Record<PreChatField, string>>;
      signInRequired?: boolean;
      expired?: boolean;
      /** The running room has no place left (sessions/room.ts); the form says so and keeps its values. */
      full?: boolean;
    };

/** The pre-chat form's schema for one scenario: only the fields it asks for, each with a message a person can act on. */
export function preChatSchema(scenario: Pick<EntryScenario, "askName" | "askEmail" | "invitationCodeHash">) {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  return z.object({
    question: z.preprocess(
      text,
      safeString()
        .max(MAX_QUESTION_LENGTH, `Please keep your question under ${MAX_QUESTION_LENGTH} characters.`),
    ),
    name: scenario.askName
      ? z.preprocess(
          text,
          safeString()
            .min(1, "Please tell us your name.")
            .max(MAX_NAME_LENGTH, `Please keep your name under ${MAX_NAME_LENGTH} characters.`),
        )
      : z
          .unknown()
          .optional()
          .transform(() => undefined),
    email: scenario.askEmail
      ? z.preprocess(
          text,
          safeString()
            .min(1, "Please enter your email address.")
            .max(MAX_EMAIL_LENGTH, "That email address is too long.")
            .pipe(z.email("Please enter a valid email address, like name@example.com.")),
        )
      : z
          .unknown()
          .optional()
          .transform(() => undefined),
    code: scenario.invitationCodeHash
      ? z.preprocess(
          text,
          safeString().min(1, "Please enter your invitation code.").max(200, "That code is too long."),
        )
      : z
          .unknown()
          .optional()
          .transform(() => undefined),
  });
}

function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Constant-time check of a typed invitation code against the stored SHA-256 hex. */
export function invitationCodeMatches(code: string, hash: string): boolean {
  const a = Buffer.from(sha256Hex(code.trim()));
  const b = Buffer.from(hash.trim().toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function joinQueue(input: {
  key: string;
  token: string | null;
  values: PreChatValues;
  visitorCookieId: string;
  userId: string | null;
  now?: Date;
}): Promise<JoinResult> {
  const now = input.now ?? new Date();
  const launcher = await loadLauncher(input.key);
  if (!launcher || launcher.org.status !== "ACTIVE") {
    return {
      ok: false,
      fieldErrors: {},
      formError: "Live help is not available through this link right now.",
    };
  }
  const vouched = verifyEntryToken(input.token, launcher.id, now);
  if (!vouched) {
    return {
      ok: false,
      fieldErrors: {},
      expired: true,
      formError: "This form has expired. Please go back to the site and open live help again.",
    };
  }
  // Allowed when served, but the org may have changed its allowed domains since.
  const decision = decideFromToken(launcher, vouched.referrerUrl);
  if (!decision.allowed) {
    return {
      ok: false,
      fieldErrors: {},
      formError: "This site is no longer authorized to use this live help link.",
    };
  }
  const { scenario } = scenarioFor(launcher, decision.referrerUrl);
  if (scenario.requireSignIn && !input.userId) {
    return {
      ok: false,
      fieldErrors: {},
      signInRequired: true,
      formError: "Please sign in to join this session.",
    };
  }

  const parsed = preChatSchema(scenario).safeParse(input.values);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<PreChatField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as PreChatField | undefined;
      if (field && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    return { ok: false, fieldErrors };
  }
  const data = parsed.data as { question: string; name?: string; email?: string; code?: string };
  if (scenario.invitationCodeHash && !invitationCodeMatches(data.code ?? "", scenario.invitationCodeHash)) {
    return { ok: false, fieldErrors: { code: "That invitation code isn't right. Check it and try again." } };
  }

  // The launcher is a collaboration room's link: while a room of it runs, later visitors join it
  // directly (its first agent was seated by routing). None running (never started, or ended): the
  // visitor queues as usual, and the room routing starts becomes the running one.
  if (scenario.kind === "COLLABORATION") {
    const room = await runningRoomFor({ orgId: launcher.org.id, launcherId: launcher.id, scenarioId: scenario.id });
    if (room) {
      try {
        const seated = await seatVisitorInRoom({
          orgId: launcher.org.id,
          sessionId: room.id,
          visitor: { cookieId: input.visitorCookieId, name: data.name ?? null, email: data.email ?? null, userId: input.userId },
          firstLine: data.question,
          now,
        });
        return { ok: true, roomId: seated.sessionId };
      } catch (e) {
        if (isAppError(e) && e.code === "CONFLICT") return { ok: false, fieldErrors: {}, full: true, formError: e.message };
        // Ended since we looked: the visitor queues for a new room.
        if (!(isAppError(e) && e.code === "PRECONDITION_FAILED")) throw e;
      }
    }
  }

  const visitor = await upsertVisitor({
    orgId: launcher.org.id,
    cookieId: input.visitorCookieId,
    name: data.name ?? null,
    email: data.email ?? null,
    userId: input.userId,
    now,
  });
  try {
    const entry = await enqueueVisitor({
      orgId: launcher.org.id,
      launcherId: launcher.id,
      scenarioId: scenario.id,
      visitorId: visitor.id,
      question: data.question,
      referrerUrl: decision.referrerUrl,
      now,
    });
    return { ok: true, entryId: entry.id, rejoined: entry.rejoined };
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_REQUEST") return { ok: false, fieldErrors: { question: e.message } };
    throw e;
  }
}
