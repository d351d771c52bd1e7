// A chat line: archived with the room's next seq under the sender's clientEventId (a retry is
// stored once and answered with the first copy), then published after commit. Prompts and sidebar
// lines go through the same `appendLineOnce` with their audience, given once: the archive numbers
// them in their own stream and the publisher reads the channels off the stored event.
import "server-only";
import { MAX_CHAT_LENGTH, type WireEvent } from "../../lib/session-events";
import { appendEvents, STORED_EVENT_SELECT, type NewEvent, type StoredEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { publishStoredEvents } from "../realtime/stored-events";
import { rejudgeSeat, SeatChangedError, type SeatJudge } from "../sessions/line-guard";
import { assertActive, assertMayWriteToRoom, type Seat } from "../sessions/participant";
import { isInvisible, isWatchOnly } from "../sessions/visibility";
import { takeLineAllowance } from "./line-limit";

/** Keep line breaks, drop other control characters; nothing else is altered (rendering escapes). */
export function cleanLineText(raw: string): string {
  const text = raw.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "").trim();
  if (!text) throw new AppError("BAD_REQUEST", "Type a message first.");
  if (text.length > MAX_CHAT_LENGTH)
    throw new AppError("BAD_REQUEST", `Messages can be at most ${MAX_CHAT_LENGTH} characters (this one has ${text.length}).`);
  return text;
}

type LineInput = { text: string; clientEventId: string };

/**
 * A room line by `seat`. With `reload`, the seat came from the per-process cache
 * (sessions/participant.ts `cachedSeat`): the append itself checks that it still holds, and a line
 * the cached seat would refuse, or that fails that check, is judged again from `reload()`'s fresh
 * seat, exactly as without a cache.
 */
export async function sendChatLine(seat: Seat, input: LineInput, { reload }: { reload?: () => Promise<Seat> } = {}): Promise<WireEvent> {
  // Counted once per line, before either attempt: a line judged again from a fresh seat is one line.
  await takeLineAllowance(seat.id);
  if (!reload) return sendAs(seat, input, false);
  try {
    return await sendAs(seat, input, true);
  } catch (e) {
    const seatRefused = e instanceof AppError && (e.code === "PRECONDITION_FAILED" || e.code === "FORBIDDEN");
    if (!(e instanceof SeatChangedError) && !seatRefused) throw e;
    return sendAs(await reload(), input, false);
  }
}

async function sendAs(seat: Seat, input: LineInput, fromCache: boolean): Promise<WireEvent> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  // Monitors and prompters are not in the room: a line from them would reveal them.
  if (isInvisible(seat.role)) throw new AppError("FORBIDDEN", "You are not visible in this session. Barge in to speak to the room.");
  const text = cleanLineText(input.text);
  return appendLineOnce(
    seat,
    { type: "chat", clientEventId: input.clientEventId, payload: { text } },
    // Judged by the seat's role at append time (sessions/line-guard.ts).
    {
      judge: { kind: "room", allowed: (role) => !isInvisible(role) && !isWatchOnly({ role, session: seat.session }) },
      seatFromCache: fromCache,
    },
  );
}

/**
 * Append one line by `seat` (one statement: seq + insert), publish it to its stored audience, and
 * answer with it. A retry of a line already stored (or two copies racing) is answered with the
 * stored copy, unpublished.
 */
export async function appendLineOnce(
  seat: Seat,
  event: Omit<NewEvent, "actorParticipantId"> & { clientEventId: string },
  {
    guard,
    judge,
    seatFromCache,
  }: {
    /** Checked in the append's transaction, e.g. under a row lock that a concurrent close also takes. */
    guard?: (tx: Prisma.TransactionClient) => Promise<void>;
    /** The line is appended only while the seat still fits it, judged at append time (sessions/line-guard.ts). */
    judge?: SeatJudge;
    /** With `judge`: the seat was not read from the database; the append checks it is present, and a failed check is the caller's SeatChangedError. */
    seatFromCache?: boolean;
  } = {},
): Promise<WireEvent> {
  try {
    let sender = seat;
    for (;;) {
      const append = {
        orgId: seat.orgId,
        sessionId: seat.sessionId,
        events: [{ ...event, actorParticipantId: seat.id }],
        ifSeatVersion: judge ? sender.session.seatVersion : undefined,
        ifSeatPresent: judge && seatFromCache ? seat.id : undefined,
      };
      try {
        const [stored]: StoredEvent[] = guard
          ? await db.$transaction(async (tx) => {
              await guard(tx);
              return appendEvents(tx, append);
            })
          : await appendEvents(db, append);
        await publishStoredEvents(seat.sessionId, [stored!]);
        return toWire(stored!);
      } catch (e) {
        // A seat of the session changed while the line was on its way: judged again as the seat is now.
        if (!(e instanceof SeatChangedError) || !judge || seatFromCache) throw e;
        sender = await rejudgeSeat(seat, judge);
      }
    }
  } catch (e) {
    if (isUniqueViolation(e)) {
      const again = await findByClientId(seat, event.clientEventId);
      if (again) return again;
    }
    throw e;
  }
}

/** Unique violation, as Prisma reports it for a model call (P2002) or a raw query (23505). */
function isUniqueViolation(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    return e.code === "P2002" || (e.code === "P2010" && JSON.stringify(e.meta ?? {}).includes("23505"));
  }
  return e instanceof Error && /23505|unique constraint/i.test(e.message);
}

async function findByClientId(seat: Seat, clientEventId: string): Promise<WireEvent | null> {
  const e = await db.sessionEvent.findUnique({
    where: { orgId_sessionId_clientEventId: { orgId: seat.orgId, sessionId: seat.sessionId, clientEventId } },
    select: STORED_EVENT_SELECT,
  });
  if (!e) return null;
  if (e.actorParticipantId !== seat.id) throw new AppError("CONFLICT", "That message id is already in use.");
  return toWire(e);
}
