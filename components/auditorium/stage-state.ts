// Who is on stage now, from the page's participants and the archive's promote/demote events:
// the viewer's own list knows nobody promoted after the page loaded, nor anyone's new role.
import type { WireEvent } from "@/lib/session-events";
import { STAGE_EVENT_TYPES, newer, type RaisedHand, type StageQuestion } from "@/lib/stage-events";
import type { ViewParticipant } from "../viewer/types";

export type StageSeat = Pick<ViewParticipant, "id" | "displayName" | "avatarUrl" | "role" | "present">;

const ON_STAGE = new Set(["PRODUCER", "SPEAKER"]);

/** Producers first, then speakers in the order they came on stage. */
export function stageSeats(participants: readonly ViewParticipant[], events: readonly WireEvent[]): StageSeat[] {
  const seats = new Map<string, StageSeat>(participants.map((p) => [p.id, p]));
  for (const e of events) {
    if (e.type !== STAGE_EVENT_TYPES.promoted && e.type !== STAGE_EVENT_TYPES.demoted) continue;
    const id = String(e.payload.participantId ?? "");
    const before = seats.get(id);
    const role = e.type === STAGE_EVENT_TYPES.promoted ? "SPEAKER" : "ATTENDEE";
    // Re-inserted: a speaker promoted again goes to the end of the line, like anyone new on stage.
    seats.delete(id);
    seats.set(id, {
      id,
      displayName: before?.displayName ?? String(e.payload.name ?? "Someone"),
      avatarUrl: before?.avatarUrl ?? null,
      role,
      present: true,
    });
  }
  const on = [...seats.values()].filter((p) => p.present && ON_STAGE.has(p.role));
  return [...on.filter((p) => p.role === "PRODUCER"), ...on.filter((p) => p.role === "SPEAKER")];
}

/** Merge a question notice into the list: the higher version wins, new questions go last. */
export function mergeQuestion(list: readonly StageQuestion[], q: StageQuestion): StageQuestion[] {
  const i = list.findIndex((x) => x.id === q.id);
  if (i === -1) return [...list, q];
  const kept = newer(list[i], q);
  return kept === list[i] ? [...list] : list.map((x, j) => (j === i ? kept : x));
}

/** Merge a hand notice: a later `at` wins; lowered hands leave the list. */
export function mergeHand(list: readonly RaisedHand[], h: RaisedHand): RaisedHand[] {
  const current = list.find((x) => x.participantId === h.participantId);
  if (current && current.at > h.at) return [...list];
  const rest = list.filter((x) => x.participantId !== h.participantId);
  return h.raised ? [...rest, h] : rest;
}
