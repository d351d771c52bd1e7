// A line is judged by its sender's seat as it is when the line is appended, not when the request
// came in (issue 12, item 13). Every change to a seat (a role change, leaving, the session ending)
// bumps `Session.seatVersion` under the session row's lock. A line is appended in one statement
// only while the version its seat was read at holds: PostgreSQL re-checks that condition on the
// row's newest version after waiting for the lock, so a line and a seat change are ordered, and a
// prompt sent just before a barge-in commits is stored before the "joined" event or judged again,
// never stored after it as a private line its sender meant for the room. The common case costs
// the one round trip it did; a line that met a seat change re-reads the seat and is refused
// (CONFLICT, reason role_changed) when its kind no longer fits the seat's role.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { findSeatById, type Seat } from "./participant";

type Role = Seat["role"];

/** What the sender meant the line to be: the procedure called says so (send: room, prompt: prompt). */
export type LineKind = "room" | "prompt";
export type SeatJudge = { kind: LineKind; allowed: (role: Role) => boolean };

const MEANT_FOR: Record<LineKind, string> = { room: "the room", prompt: "a prompt to the leader" };

/** The append found the session's seats changed since the seat was read (appendEvents' `ifSeatVersion`). */
export class SeatChangedError extends Error {
  override name = "SeatChangedError";
}

/** Under the session row's lock (the caller's transaction holds it): a seat changed. */
export async function bumpSeatVersion(tx: Prisma.TransactionClient, sessionId: string): Promise<void> {
  await tx.session.update({ where: { id: sessionId }, data: { seatVersion: { increment: 1 } } });
}

/** The seat as it is now, checked for a line of `judge.kind`: typed errors when it no longer fits. */
export async function rejudgeSeat(seat: Seat, judge: SeatJudge): Promise<Seat> {
  const now = await findSeatById(seat.id);
  if (!now || now.session.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
  if (now.leftAt) {
    // A seat that gave way to the same person's new one (an unseen seat closed for an agent seat:
    // sessions/seat-agent.ts) is a role change, not a leave.
    const successor = now.membershipId
      ? await db.participant.findFirst({
          where: { sessionId: now.sessionId, membershipId: now.membershipId, leftAt: null },
          select: { role: true },
        })
      : null;
    if (successor && !judge.allowed(successor.role)) throw roleChanged(judge, successor.role);
    throw new AppError("PRECONDITION_FAILED", "You have left this session.");
  }
  if (!judge.allowed(now.role)) throw roleChanged(judge, now.role);
  return now;
}

function roleChanged(judge: SeatJudge, role: Role): AppError {
  return new AppError(
    "CONFLICT",
    `Your role in this session changed before this line arrived, so it was not sent as ${MEANT_FOR[judge.kind]}. It is kept for you to send again.`,
    {
      reason: "role_changed",
      role,
    },
  );
}
