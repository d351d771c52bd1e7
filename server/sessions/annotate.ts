// On-screen marks and pop-ups (issue 17, parts 3 and 4). The leader's highlight box, free-hand
// circle and pointer ping are archived room events (`annotation`), so followers draw them live and
// the replay shows them; the moving pointer itself is a throttled client event that never reaches
// the server. A follower opening a pop-up (`popup.opened`) is archived against the `popup.sent` it
// answers. Input is checked here (the router only bounds sizes), so a bad mark is a BAD_REQUEST
// that stores nothing, wherever it comes from.
import "server-only";
import { safeString } from "../api/schemas/safe-string";
import { z } from "zod";
import type { AnnotationPayload, PopupOpenedPayload, PopupSentPayload, WireEvent } from "../../lib/session-events";
import { MAX_URL_LENGTH } from "../../lib/urls";
import { appendEvents } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import { publishStoredEvents } from "../realtime/stored-events";
import { assertActive, assertMayWriteToRoom, type Seat } from "./participant";
import { isInvisible } from "./visibility";

/** Page coordinates beyond this are not a web page (Chromium caps layout at about 33 million px; a mark is never that far). */
export const MAX_PAGE_COORD = 1_000_000;
/** A circle's stroke, after the browser simplified it (geometry.ts keeps it under this). */
export const MAX_STROKE_POINTS = 256;
const MIN_STROKE_POINTS = 3;

const coord = z.number().finite().min(-MAX_PAGE_COORD).max(MAX_PAGE_COORD);
const point = z.object({ x: coord, y: coord }).strict();

/**
 * Only the page's origin and path are kept: a visitor's page address may carry tokens in its query
 * or fragment (a password-reset link), and the mark only needs to know which page it belongs to.
 */
export function pageKey(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return `${url.origin}${url.pathname}`;
}

export const annotationInput = z
  .object({
    shape: z.enum(["pointer", "box", "circle"]),
    points: z.array(point).min(1).max(MAX_STROKE_POINTS),
    scrollX: z.number().finite().min(0).max(MAX_PAGE_COORD),
    scrollY: z.number().finite().min(0).max(MAX_PAGE_COORD),
    viewport: z.object({ w: z.number().int().min(1).max(20_000), h: z.number().int().min(1).max(20_000) }).strict(),
    url: safeString().max(MAX_URL_LENGTH),
    surface: z.enum(["frame", "cobrowse"]),
    clientEventId: safeString()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .strict();
export type AnnotationInput = z.input<typeof annotationInput>;

function badRequest(message: string, field?: string): AppError {
  return new AppError("BAD_REQUEST", message, field ? { field } : undefined);
}

/** The mark as it is archived, or a BAD_REQUEST saying what is wrong with it. */
export function checkAnnotation(input: unknown): {
  payload: AnnotationPayload;
  clientEventId: string | null;
} {
  const parsed = annotationInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || undefined;
    throw badRequest(`That mark can't be drawn: ${field ? `${field}: ` : ""}${issue?.message ?? "invalid input"}.`, field);
  }
  const a = parsed.data;
  const need =
    a.shape === "pointer" ? "one point" : a.shape === "box" ? "two corners" : `${MIN_STROKE_POINTS} to ${MAX_STROKE_POINTS} points`;
  const count = a.points.length;
  const fits = a.shape === "pointer" ? count === 1 : a.shape === "box" ? count === 2 : count >= MIN_STROKE_POINTS;
  if (!fits) throw badRequest(`A ${a.shape} needs ${need} (this one has ${count}).`, "points");
  const url = pageKey(a.url);
  if (!url) throw badRequest("A mark belongs to a web page (http or https).", "url");
  // Whole CSS pixels are all a screen shows; rounding keeps the archive small.
  const round = (n: number) => Math.round(n);
  return {
    payload: {
      shape: a.shape,
      points: a.points.map((p) => ({ x: round(p.x), y: round(p.y) })),
      scrollX: round(a.scrollX),
      scrollY: round(a.scrollY),
      viewport: a.viewport,
      url,
      surface: a.surface,
    },
    clientEventId: a.clientEventId ?? null,
  };
}

/** Unique violation (23505), as Prisma reports it for a raw query or a model call. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return (
    code === "P2002" ||
    (e instanceof Error && /23505|unique constraint/i.test(`${e.message} ${JSON.stringify((e as { meta?: unknown }).meta ?? {})}`))
  );
}

/** A retried event (same clientEventId) answers what was stored the first time, never a second row. */
async function storedOnce(seat: Seat, clientEventId: string | null, write: () => Promise<WireEvent>): Promise<WireEvent> {
  try {
    return await write();
  } catch (e) {
    if (!clientEventId || !isUniqueViolation(e)) throw e;
    const first = await db.sessionEvent.findUnique({
      where: {
        orgId_sessionId_clientEventId: { orgId: seat.orgId, sessionId: seat.sessionId, clientEventId },
      },
    });
    if (!first || first.actorParticipantId !== seat.id) throw new AppError("CONFLICT", "That event id is already used in this session.");
    return toWire(first);
  }
}

const notLeader = () => new AppError("FORBIDDEN", "Only the leader can draw on the shared page. Ask for the baton first.");

/** The leader draws a mark: archived and published to the room. Anyone else: FORBIDDEN, nothing stored. */
export async function annotate(seat: Seat, input: unknown): Promise<WireEvent> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  const { payload, clientEventId } = checkAnnotation(input);
  if (seat.session.leaderParticipantId !== seat.id) throw notLeader();
  return storedOnce(seat, clientEventId, async () => {
    const stored = await db.$transaction(async (tx) => {
      // The baton may have passed since the seat was read: judged again under the session row's lock.
      const [session] = await tx.$queryRaw<{ leaderParticipantId: string | null; status: string }[]>`
      SELECT "leaderParticipantId", status FROM "Session" WHERE id = ${seat.sessionId} FOR UPDATE`;
      if (session?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
      if (session.leaderParticipantId !== seat.id) throw notLeader();
      const [e] = await appendEvents(tx, {
        orgId: seat.orgId,
        sessionId: seat.sessionId,
        events: [{ type: "annotation", actorParticipantId: seat.id, clientEventId, payload }],
      });
      return e!;
    });
    await publishStoredEvents(seat.sessionId, [stored]);
    return toWire(stored);
  });
}

export const popupOpenedInput = z
  .object({
    sentSeq: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
    how: z.enum(["auto", "click"]),
  })
  .strict();

/**
 * A follower opened the pop-up archived at room seq `sentSeq`. Once per seat and pop-up (a second
 * open, another tab, a retry answers the first record). The sender's own open is not recorded: a
 * pop-up is for the followers. Unseen staff are never told of it in the room.
 */
export async function popupOpened(seat: Seat, input: unknown): Promise<WireEvent> {
  assertActive(seat);
  const parsed = popupOpenedInput.safeParse(input);
  if (!parsed.success) throw badRequest("That pop-up can't be marked as opened: give its event number and how it opened.");
  if (isInvisible(seat.role)) throw new AppError("FORBIDDEN", "You are in this session unseen: opening a pop-up isn't announced.");
  assertMayWriteToRoom(seat);
  const { sentSeq, how } = parsed.data;
  const sent = await db.sessionEvent.findFirst({
    where: { orgId: seat.orgId, sessionId: seat.sessionId, stream: "room", seq: sentSeq, type: "popup.sent" },
    select: { payload: true, actorParticipantId: true },
  });
  if (!sent) throw new AppError("NOT_FOUND", "That pop-up was not found in this session.");
  if (sent.actorParticipantId === seat.id) throw badRequest("You sent this pop-up: only the others' opening is recorded.");
  const payload: PopupOpenedPayload = {
    sentSeq,
    url: (sent.payload as unknown as PopupSentPayload).url,
    how,
  };
  // One record per seat and pop-up: the archive's unique clientEventId answers a repeat with the first.
  const clientEventId = `popup-${sentSeq}-${seat.id}`.slice(0, 64);
  return storedOnce(seat, clientEventId, async () => {
    const [e] = await appendEvents(db, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "popup.opened", actorParticipantId: seat.id, clientEventId, payload }],
    });
    await publishStoredEvents(seat.sessionId, [e!]);
    return toWire(e!);
  });
}
