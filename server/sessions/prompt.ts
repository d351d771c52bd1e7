// The prompter ("drafting" in the 1999 design): an unseen coach whose lines reach only the current
// leader (never a visitor: see promptTarget), who may put one in their own input line and send it as theirs. A prompt is archived as a
// whisper (audience = prompter + leader) in its own stream and published only to those two participant channels.
import "server-only";
import { promptStream, type WireEvent } from "../../lib/session-events";
import { appendLineOnce, cleanLineText } from "../chat/send";
import { db } from "../db";
import { AppError } from "../errors";
import { assertActive, type Seat } from "./participant";
import { INVISIBLE_ROLES } from "./visibility";

export async function sendPrompt(seat: Seat, input: { text: string; clientEventId: string }): Promise<WireEvent> {
  assertActive(seat);
  if (seat.role !== "PROMPTER") throw new AppError("FORBIDDEN", "Only a prompter can send prompts. Switch to Prompt first.");
  const text = cleanLineText(input.text);
  const to = await promptTarget(seat.sessionId);
  if (!to) throw new AppError("PRECONDITION_FAILED", "No agent is in this session to receive prompts.");
  return appendLineOnce(
    seat,
    // Numbered in the stream of this prompter and this target: the room's numbers never show it.
    {
      type: "prompt",
      clientEventId: input.clientEventId,
      audience: [seat.id, to],
      stream: promptStream(seat.id, to),
      payload: { text, to },
    },
    // A barge-in committed meanwhile makes this seat visible: its line is no longer a prompt.
    { judge: { kind: "prompt", allowed: (role) => role === "PROMPTER" } },
  );
}

/**
 * Who a prompt goes to: the leader, read now (the baton may just have moved), when the leader is
 * visible staff; while a visitor leads, the agent who has been in the session longest, so that no
 * prompt ever reaches a visitor.
 */
export async function promptTarget(sessionId: string): Promise<string | null> {
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { leaderParticipantId: true } });
  const staff = await db.participant.findMany({
    where: { sessionId, leftAt: null, membershipId: { not: null }, role: { notIn: [...INVISIBLE_ROLES] } },
    orderBy: { joinedAt: "asc" },
    select: { id: true, role: true },
  });
  return (staff.find((p) => p.id === session?.leaderParticipantId) ?? staff.find((p) => p.role === "AGENT"))?.id ?? null;
}
