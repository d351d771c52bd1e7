// An agent whose seat went to someone else (a transfer, a manager's reassign, back to the queue)
// keeps a viewer open that can no longer act. The archive says so: server/sessions/transfer.ts
// appends `session.transferred`, then `participant.left` (reason "transferred") for the old seat.
import type { SessionTransferredPayload, WireEvent } from "@/lib/session-events";

export type Handoff = Pick<SessionTransferredPayload, "kind" | "toName" | "byName" | "reassigned">;

/** The hand-off that closed `meId`'s seat, from events in seq order; null while the seat is open. */
export function handoffOf(events: readonly WireEvent[], meId: string): Handoff | null {
  let last: Partial<SessionTransferredPayload> | null = null;
  for (const e of events) {
    if (e.type === "session.transferred") last = e.payload as Partial<SessionTransferredPayload>;
    if (e.type === "participant.left" && e.actorParticipantId === meId && e.payload.reason === "transferred") {
      return {
        kind: last?.kind === "queue" ? "queue" : "agent",
        toName: last?.toName ?? null,
        byName: last?.byName ?? "A manager",
        reassigned: last?.reassigned === true,
      };
    }
  }
  return null;
}

/** What the old agent reads: who moved the session, and where to. */
export function handoffMessage(h: Handoff): string {
  if (h.kind === "queue")
    return h.reassigned ? "Your manager passed this session back to the queue." : "You passed this session back to the queue.";
  const to = h.toName ?? "a colleague";
  return h.reassigned ? `Your manager reassigned this session to ${to}.` : `You handed this session to ${to}.`;
}
