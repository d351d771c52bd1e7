// Forms filled together (issue 17 part 5). An agent proposes a value for a field of the visitor's
// co-browsed page; the visitor's tab shows it and applies it only if the visitor accepts. The
// archive keeps "field X filled by Y": `form.proposed` (the agent's own text), then `form.filled`
// or `form.declined` once the visitor's tab answered. A masked field (password, payment card,
// `data-isession-mask`, the launcher's selectors) is refused on both sides: the agent's mirror
// offers no proposal for it and this module refuses one flagged masked; the visitor's tab, whose
// rules are the ones that count, refuses any that reaches it. A masked field the visitor fills
// themselves is archived without its value, which never left their browser.
//
// Transport-neutral: each function takes the caller's seat, however the caller was recognised
// (a tRPC session procedure for the agent; the co-browse channel's endpoint for the visitor's tab).
import "server-only";
import { z } from "zod";
import type { FormDeclinedPayload, FormFilledPayload, FormProposedPayload, WireEvent } from "../../lib/session-events";
import { safeString } from "../api/schemas/safe-string";
import { appendLineOnce } from "../chat/send";
import { db } from "../db";
import { AppError } from "../errors";
import { assertActive, findSeatById, type Seat } from "../sessions/participant";
import { verifyToken } from "./pairing";

export const MAX_FORM_FIELD_LABEL = 200;
export const MAX_FORM_VALUE = 2000;
/** Proposal ids are the proposer's: they key the archive (clientEventId), so a retry stores once. */
export const PROPOSAL_ID = /^[A-Za-z0-9_-]{8,48}$/;

const proposalId = safeString().regex(PROPOSAL_ID, "A proposal id is 8 to 48 letters, digits, - or _.");
// Generous bounds here; the cleaned text is checked with messages meant for people below.
const field = safeString().max(MAX_FORM_FIELD_LABEL * 4);
const value = safeString().max(MAX_FORM_VALUE * 4);

export const proposeInput = z.object({ proposalId, field, value, masked: z.boolean() });
export const answerInput = z.object({ proposalId, accepted: z.boolean(), reason: z.enum(["declined", "masked", "gone"]).optional() });
export const ownFillInput = z.object({
  clientEventId: safeString().regex(/^[A-Za-z0-9_-]{8,64}$/, "An event id is 8 to 64 letters, digits, - or _."),
  field,
  masked: z.boolean(),
  value: value.optional(),
});

/** A field's label as archived: one line, no control characters. */
function cleanField(raw: string): string {
  const text = raw
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) throw new AppError("BAD_REQUEST", "The field has no label or name to archive it by.");
  if (text.length > MAX_FORM_FIELD_LABEL)
    throw new AppError("BAD_REQUEST", `A field's label can be at most ${MAX_FORM_FIELD_LABEL} characters.`);
  return text;
}

/** A proposed value: new lines and tabs kept (a text area), other control characters dropped. */
function cleanValue(raw: string): string {
  const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
  if (!text.trim()) throw new AppError("BAD_REQUEST", "Type a value to propose.");
  if (text.length > MAX_FORM_VALUE)
    throw new AppError("BAD_REQUEST", `A proposed value can be at most ${MAX_FORM_VALUE} characters (this one has ${text.length}).`);
  return text;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError("BAD_REQUEST", r.error.issues[0]?.message ?? "Invalid input.");
  return r.data;
}

const MASKED_REFUSAL = "This field is masked: its value stays in the visitor's browser, and nobody can propose one.";

/** The agent's proposal for a field of the visitor's page: archived, then sent to the visitor's tab by the caller. */
export async function proposeFormValue(seat: Seat, raw: z.input<typeof proposeInput>): Promise<WireEvent> {
  const input = parse(proposeInput, raw);
  assertActive(seat);
  if (seat.role !== "AGENT" || !seat.membershipId)
    throw new AppError("FORBIDDEN", "Only an agent in the session can propose a value for the visitor's form.");
  if (input.masked) throw new AppError("FORBIDDEN", MASKED_REFUSAL);
  const payload: FormProposedPayload = { proposalId: input.proposalId, field: cleanField(input.field), value: cleanValue(input.value) };
  return appendLineOnce(seat, { type: "form.proposed", clientEventId: input.proposalId, payload });
}

/**
 * The visitor's tab answered a proposal: accepted (applied in the visitor's page) is archived as
 * `form.filled` by the proposer, anything else as `form.declined` with why. One answer per
 * proposal: a second one (a retry, a double click) gets the first back.
 */
export async function answerFormProposal(seat: Seat, raw: z.input<typeof answerInput>): Promise<WireEvent> {
  const input = parse(answerInput, raw);
  assertActive(seat);
  if (seat.role !== "VISITOR") throw new AppError("FORBIDDEN", "Only the visitor whose page it is can answer a proposal.");
  const proposed = await db.sessionEvent.findUnique({
    where: { orgId_sessionId_clientEventId: { orgId: seat.orgId, sessionId: seat.sessionId, clientEventId: input.proposalId } },
    select: { type: true, payload: true, actorParticipantId: true },
  });
  if (proposed?.type !== "form.proposed") throw new AppError("NOT_FOUND", "Proposal not found.");
  const p = proposed.payload as FormProposedPayload;
  // A dot never occurs in a proposal id nor in a chat line's id: no event can take this one first.
  const answerId = `${input.proposalId}.answer`;
  if (input.accepted) {
    const proposer = proposed.actorParticipantId
      ? await db.participant.findFirst({ where: { id: proposed.actorParticipantId, orgId: seat.orgId }, select: { displayName: true } })
      : null;
    const payload: FormFilledPayload = {
      proposalId: p.proposalId,
      field: p.field,
      by: proposer?.displayName ?? "An agent",
      masked: false,
      value: p.value,
    };
    return appendLineOnce(seat, { type: "form.filled", clientEventId: answerId, payload });
  }
  const payload: FormDeclinedPayload = {
    proposalId: p.proposalId,
    field: p.field,
    by: seat.displayName,
    reason: input.reason ?? "declined",
  };
  return appendLineOnce(seat, { type: "form.declined", clientEventId: answerId, payload });
}

/**
 * A field the visitor filled themselves on the shared page ("field X filled by {visitor}"). A masked
 * field's value is never archived, whatever was sent: the server drops it rather than trust the
 * tab to have left it out.
 */
export async function recordOwnFill(seat: Seat, raw: z.input<typeof ownFillInput>): Promise<WireEvent> {
  const input = parse(ownFillInput, raw);
  assertActive(seat);
  if (seat.role !== "VISITOR") throw new AppError("FORBIDDEN", "Only the visitor whose page it is can report what they filled.");
  const payload: FormFilledPayload = { proposalId: null, field: cleanField(input.field), by: seat.displayName, masked: input.masked };
  if (!input.masked && input.value !== undefined) payload.value = input.value.slice(0, MAX_FORM_VALUE);
  return appendLineOnce(seat, { type: "form.filled", clientEventId: input.clientEventId, payload });
}

/**
 * The visitor's seat behind a co-browsing tab's token (POST /api/cobrowse/form): only while that
 * tab shares (consented, not stopped). Anything else answers like a session that does not exist.
 */
export async function seatOfTab(token: unknown): Promise<Seat> {
  const claims = verifyToken(token);
  if (!claims) throw new AppError("UNAUTHORIZED", "The sharing link has expired. Reload the page to pair again.");
  const pairing = await db.cobrowsePairing.findUnique({
    where: { id: claims.p },
    select: { sessionId: true, participantId: true, consentedAt: true, stoppedAt: true },
  });
  if (!pairing || pairing.sessionId !== claims.s) throw new AppError("NOT_FOUND", "Session not found.");
  if (!pairing.consentedAt || pairing.stoppedAt) throw new AppError("FORBIDDEN", "This tab is not shared.");
  const seat = await findSeatById(pairing.participantId);
  if (!seat) throw new AppError("NOT_FOUND", "Session not found.");
  return seat;
}

/** What the tab posts: `{ token, kind: "answer", proposalId, accepted, reason? }` or `{ token, kind: "fill", clientEventId, field, masked, value? }`. */
export async function formReportFromTab(body: Record<string, unknown>): Promise<{ ok: true }> {
  const { token, kind, ...rest } = body;
  if (kind !== "answer" && kind !== "fill") throw new AppError("BAD_REQUEST", "kind must be answer or fill.");
  const seat = await seatOfTab(token);
  if (kind === "answer") await answerFormProposal(seat, rest as z.input<typeof answerInput>);
  else await recordOwnFill(seat, rest as z.input<typeof ownFillInput>);
  return { ok: true };
}
