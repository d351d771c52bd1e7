// Submitting the pre-chat form: the entry token proves the referring page passed the domain check
// when the form was served (the form's own Referer is our page), the checks are repeated against
// today's settings, the fields are validated per scenario, and the visitor joins the queue.
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { isAppError } from "../errors";
import { decideFromToken, loadLauncher, scenarioFor, verifyEntryToken, type EntryScenario } from "../launchers/entry";
import { MAX_QUESTION_LENGTH, enqueueVisitor } from "../queue/enqueue";
import { runningRoomFor, seatVisitorInRoom } from "../sessions/room";
import { checkPasscode, passcodeBlocked } from "./passcode";
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
      safeString().max(MAX_QUESTION_LENGTH, `Please keep your question under ${MAX_QUESTION_LENGTH} characters.`),
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
      ? z.preprocess(text, safeString().min(1, "Please enter your invitation code.").max(200, "That code is too long."))
      : z
          .unknown()
          .optional()
          .transform(() => undefined),
  });
}

export { invitationCodeMatches } from "./passcode";

export async function joinQueue(input: {
  key: string;
  token: string | null;
  values: PreChatValues;
  visitorCookieId: string;
  userId: string | null;
  /** The visitor's IP address as our web server decided it (server/entry/request.ts `requestIp`); null when unknown. */
  clientAddress?: string | null;
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
  const { scenario, visitorAvatarUrl } = scenarioFor(launcher, decision.referrerUrl);
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
  if (scenario.invitationCodeHash) {
    // Wrong codes count per address and scenario, shared with the room's invitation page (a room's
    // passcode is this code): guessing through the form is as slow as through the invitation.
    const ip = input.clientAddress ?? "unknown";
    const blocked = await passcodeBlocked(ip, scenario.id);
    if (blocked) return { ok: false, fieldErrors: { code: blocked } };
    const wrong = await checkPasscode(ip, scenario.id, data.code ?? "", scenario.invitationCodeHash);
    if (wrong) return { ok: false, fieldErrors: { code: wrong.replace("passcode", "invitation code") } };
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
          avatarUrl: visitorAvatarUrl,
          clientAddress: input.clientAddress ?? null,
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
      avatarUrl: visitorAvatarUrl,
      clientAddress: input.clientAddress ?? null,
      now,
    });
    return { ok: true, entryId: entry.id, rejoined: entry.rejoined };
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_REQUEST") return { ok: false, fieldErrors: { question: e.message } };
    throw e;
  }
}
