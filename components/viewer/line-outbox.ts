"use client";
// Room lines on their way to the server, and the sender's role change, kept per session outside
// the viewer: a role change rebuilds the viewer (it is keyed by role), and a line sent just before
// must neither vanish with the old viewer nor go out under the old role (issue 12, item 13).
// - A line typed while a barge-in is in flight is held (shown as sending) and sent as a room line
//   once the seat is visible; if the barge-in fails it shows as failed, with Retry.
// - A line's answer (stored copy or error) lands here, so the viewer that shows it, old or new,
//   merges it.
import { useSyncExternalStore } from "react";
import type { WireEvent } from "@/lib/session-events";
import type { Pending } from "./types";

export type { StaffRole } from "@/lib/roles";
import type { StaffRole } from "@/lib/roles";
export type RoomSender = (line: { text: string; clientEventId: string }) => Promise<WireEvent>;

type Outbox = {
  pending: Pending[];
  /** Ids of pending lines waiting for the role change before they are sent. */
  held: readonly string[];
  /** Stored copies of lines answered after their viewer may have gone. */
  sent: WireEvent[];
  /** A role the person asked for: "joining" until the server answers, "joined" until the viewer shows it. */
  roleChange: { role: StaffRole; state: "joining" | "joined" } | null;
};

const EMPTY: Outbox = { pending: [], held: [], sent: [], roleChange: null };
const boxes = new Map<string, Outbox>();
const listeners = new Set<() => void>();
const sentListeners = new Map<string, Set<(e: WireEvent) => void>>();

function get(sessionId: string): Outbox {
  return boxes.get(sessionId) ?? EMPTY;
}

function update(sessionId: string, f: (b: Outbox) => Outbox): void {
  boxes.set(sessionId, f(get(sessionId)));
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useOutbox(sessionId: string): Outbox {
  return useSyncExternalStore(
    subscribe,
    () => get(sessionId),
    () => EMPTY,
  );
}

function fail(sessionId: string, ids: readonly string[], error: string): void {
  update(sessionId, (b) => ({
    ...b,
    held: b.held.filter((id) => !ids.includes(id)),
    pending: b.pending.map((x) => (ids.includes(x.clientEventId) ? { ...x, state: "failed", error } : x)),
  }));
}

function dispatch(sessionId: string, send: RoomSender, line: { text: string; clientEventId: string }): void {
  send(line).then(
    (stored) => {
      update(sessionId, (b) => ({
        ...b,
        pending: b.pending.filter((x) => x.clientEventId !== line.clientEventId),
        sent: [...b.sent.slice(-199), stored],
      }));
      for (const l of sentListeners.get(sessionId) ?? []) l(stored);
    },
    (err: unknown) => fail(sessionId, [line.clientEventId], err instanceof Error ? err.message : "Not sent."),
  );
}

/** Stored copies answered so far: a viewer built after they came back starts with them. */
export function sentLines(sessionId: string): WireEvent[] {
  return get(sessionId).sent;
}

/** Each stored copy as its answer comes back, for the viewer showing the session now. */
export function onLineSent(sessionId: string, l: (e: WireEvent) => void): () => void {
  const set = sentListeners.get(sessionId) ?? new Set();
  sentListeners.set(sessionId, set);
  set.add(l);
  return () => void set.delete(l);
}

/** A room line: sent now, or held while a barge-in is in flight. */
export function sendRoomLine(sessionId: string, send: RoomSender, line: { text: string; clientEventId: string }): void {
  const hold = get(sessionId).roleChange?.state === "joining";
  update(sessionId, (b) => ({
    ...b,
    held: hold ? [...b.held, line.clientEventId] : b.held,
    pending: [...b.pending.filter((x) => x.clientEventId !== line.clientEventId), { ...line, state: "sending" }],
  }));
  if (!hold) dispatch(sessionId, send, line);
}

/** The server's copies arrived (channel, gap fill or answer): those lines are no longer pending. */
export function settleLines(sessionId: string, clientEventIds: ReadonlySet<string>): void {
  if (!get(sessionId).pending.some((x) => clientEventIds.has(x.clientEventId))) return;
  update(sessionId, (b) => ({
    ...b,
    pending: b.pending.filter((x) => !clientEventIds.has(x.clientEventId)),
  }));
}

export function beginRoleChange(sessionId: string, role: StaffRole): void {
  update(sessionId, (b) => ({ ...b, roleChange: { role, state: "joining" } }));
}

/** The server took the new role: held lines go out, as room lines when the seat is now visible. */
export function roleChanged(sessionId: string, role: StaffRole, send: RoomSender): void {
  const b = get(sessionId);
  const held = b.pending.filter((x) => b.held.includes(x.clientEventId));
  update(sessionId, (x) => ({ ...x, held: [], roleChange: { role, state: "joined" } }));
  if (role === "AGENT") for (const l of held) dispatch(sessionId, send, { text: l.text, clientEventId: l.clientEventId });
  else
    fail(
      sessionId,
      held.map((l) => l.clientEventId),
      "Not sent: you are not visible in this session.",
    );
}

export function roleChangeFailed(sessionId: string, error: string): void {
  const held = get(sessionId).held;
  update(sessionId, (b) => ({ ...b, roleChange: null }));
  fail(sessionId, held, `Not sent: ${error}`);
}

/** The viewer now shows the seat's new role: nothing to bridge any more. */
export function roleSettled(sessionId: string, role: string): void {
  if (get(sessionId).roleChange?.role === role) update(sessionId, (b) => ({ ...b, roleChange: null }));
}
