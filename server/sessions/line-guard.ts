// A line is judged by its sender's seat as it is when the line is appended, not when the request
// came in. Role changes (sessions/staff.ts) and ending take the session row's lock; so does this
// guard, so a line and a role change are ordered: a prompt sent just before a barge-in commits is
// either stored before the "joined" event (still a prompt) or refused, never stored after it as a
// private line its sender meant for the room (issue 12, item 13).
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { Seat } from "./participant";

type Role = Seat["role"];

/** What the sender meant the line to be: each kind is allowed from these roles only. */
export type LineKind = "room" | "prompt";

const MEANT_FOR: Record<LineKind, string> = { room: "the room", prompt: "a prompt to the leader" };

/** For appendLineOnce's guard: locks the session row, then re-reads the seat under that lock. */
export function seatRoleGuard(seat: Seat, kind: LineKind, allowed: (role: Role) => boolean) {
  return async (tx: Prisma.TransactionClient): Promise<void> => {
    const [session] = await tx.$queryRaw<
      { status: string }[]
    >`SELECT status FROM "Session" WHERE id = ${seat.sessionId} FOR UPDATE`;
    // A statement after the lock sees what the role change committed (READ COMMITTED).
    const now = await tx.participant.findUnique({
      where: { id: seat.id },
      select: { role: true, leftAt: true },
    });
    if (!session || session.status !== "ACTIVE")
      throw new AppError("PRECONDITION_FAILED", "This session has ended.");
    if (!now || now.leftAt) throw new AppError("PRECONDITION_FAILED", "You have left this session.");
    if (!allowed(now.role)) {
      throw new AppError(
        "CONFLICT",
        `Your role in this session changed before this line arrived, so it was not sent as ${MEANT_FOR[kind]}. It is kept for you to send again.`,
        {
          reason: "role_changed",
          role: now.role,
        },
      );
    }
  };
}
