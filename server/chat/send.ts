// A chat line: archived with the session's next seq under the sender's clientEventId (a retry is
// stored once and answered with the first copy), then published after commit.
import { MAX_CHAT_LENGTH, type WireEvent } from "../../lib/session-events";
import { appendEvents } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { broadcastRoomEvents } from "../sessions/broadcast";
import { assertActive, type Seat } from "../sessions/participant";

export async function sendChatLine(seat: Seat, input: { text: string; clientEventId: string }): Promise<WireEvent> {
  assertActive(seat);
  // Keep line breaks, drop other control characters; nothing else is altered (rendering escapes).
  const text = input.text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "").trim();
  if (!text) throw new AppError("BAD_REQUEST", "Type a message first.");
  if (text.length > MAX_CHAT_LENGTH) throw new AppError("BAD_REQUEST", `Messages can be at most ${MAX_CHAT_LENGTH} characters (this one has ${text.length}).`);

  try {
    // One statement (seq + insert): the common case costs a single round trip.
    const [stored] = await appendEvents(db, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "chat", actorParticipantId: seat.id, clientEventId: input.clientEventId, payload: { text } }],
    });
    await broadcastRoomEvents(seat.sessionId, [stored!]);
    return toWire(stored!);
  } catch (e) {
    // A retry of a line already stored (or two copies racing): answer with the stored one.
    if (isUniqueViolation(e)) {
      const again = await findByClientId(seat, input.clientEventId);
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
    select: { id: true, sessionId: true, seq: true, type: true, actorParticipantId: true, clientEventId: true, payload: true, createdAt: true },
  });
  if (!e) return null;
  if (e.actorParticipantId !== seat.id) throw new AppError("CONFLICT", "That message id is already in use.");
  return toWire(e);
}
