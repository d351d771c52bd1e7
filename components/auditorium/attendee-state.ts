"use client";
// The attendee's state: watch-only, so much lighter than the viewer's useSession. Two channels
// only, never presence, both named in the view data: the audience channel (room events: stage chat,
// navigate, baton, the end; and the `audience.count` notice) and the seat's own channel (private
// answers to its questions, its questions' state, being removed, a promotion to the stage). Room
// events are kept by seq and a jump or a reconnect fetches the archive after the last one; private
// events have their own numbering (stream), so they never count as a room gap.
import { useMutation } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { useChannel } from "@/lib/realtime/hooks";
import { EVENTS, type AudienceCount } from "@/lib/realtime-events";
import { SESSION_EVENT, type NavigatePayload, type WireEvent } from "@/lib/session-events";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import type { SessionViewData } from "../viewer/types";

/** The event's stream (per-stream numbering); events from before it are room events. */
const streamOf = (e: WireEvent) => (e as WireEvent & { stream?: string }).stream ?? "room";
const keyOf = (e: WireEvent) => `${streamOf(e)}:${e.seq}`;

export function useAttendee(initial: SessionViewData) {
  const sessionId = initial.session.id;
  const me = initial.me;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [events, setEvents] = useState<Map<string, WireEvent>>(() => new Map(initial.events.map((e) => [keyOf(e), e])));
  const lastRoomSeq = useRef(Math.max(0, ...initial.events.filter((e) => streamOf(e) === "room").map((e) => e.seq)));
  const filling = useRef(false);
  const [count, setCount] = useState<{ count: number; at: string } | null>(
    initial.audience ? { count: initial.audience.count, at: "" } : null,
  );
  const [removed, setRemoved] = useState(false);
  const [left, setLeft] = useState(me.left);

  const merge = useCallback((incoming: WireEvent[]) => {
    if (incoming.length === 0) return;
    setEvents((prev) => {
      const next = new Map(prev);
      for (const e of incoming) next.set(keyOf(e), e);
      return next;
    });
    for (const e of incoming) if (streamOf(e) === "room") lastRoomSeq.current = Math.max(lastRoomSeq.current, e.seq);
  }, []);

  const fillGap = useCallback(async () => {
    if (filling.current) return;
    filling.current = true;
    try {
      for (;;) {
        const batch = await client.sessions.events.query({ sessionId, cursors: { room: lastRoomSeq.current } });
        const before = lastRoomSeq.current;
        merge(batch);
        if (batch.length < 500 || lastRoomSeq.current === before) break;
      }
    } catch {
      // The next event or reconnect tries again; the page keeps what it has.
    } finally {
      filling.current = false;
    }
  }, [client, merge, sessionId]);

  const onEvent = useCallback(
    (data: unknown) => {
      const e = data as WireEvent;
      if (streamOf(e) === "room" && e.seq > lastRoomSeq.current + 1) {
        void fillGap();
        return;
      }
      merge([e]);
    },
    [fillGap, merge],
  );
  const onCount = useCallback((data: unknown) => {
    const c = data as AudienceCount;
    setCount((prev) => (prev && prev.at > c.at ? prev : { count: c.count, at: c.at }));
  }, []);

  const live = !left && !removed;
  const catchUp = useMemo(() => ({ catchUp: () => void fillGap() }), [fillGap]);
  const audience = useChannel(
    live ? initial.channels.audience : null,
    useMemo(() => ({ [SESSION_EVENT]: onEvent, [EVENTS.audienceCount]: onCount }), [onEvent, onCount]),
    catchUp,
  );
  // The own channel is also what tells the relay this attendee is here (its channel_vacated is the leave).
  useChannel(
    live ? initial.channels.own : null,
    useMemo(() => ({ [SESSION_EVENT]: onEvent, [EVENTS.attendeeRemoved]: () => setRemoved(true) }), [onEvent]),
  );

  const ordered = useMemo(() => [...events.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq), [events]);

  const derived = useMemo(() => {
    let current: NavigatePayload | null = initial.session.currentUrl
      ? { url: initial.session.currentUrl, newWindow: false, notToSelf: false, framable: null }
      : null;
    let newWindowOffer: { url: string } | null = null;
    let leader = initial.session.leaderParticipantId;
    let ended = initial.session.status === "ENDED";
    let endReason: string | null = null;
    const stage = new Map(initial.participants.map((p) => [p.id, p]));
    for (const e of ordered) {
      if (e.type === "navigate" || e.type === "popup.sent") {
        const nav = e.payload as unknown as NavigatePayload;
        if (nav.newWindow || e.type === "popup.sent") newWindowOffer = { url: nav.url };
        else {
          current = nav;
          newWindowOffer = null;
        }
      }
      if (e.type === "baton.passed") leader = String(e.payload.to ?? leader);
      if (e.type === "session.ended") {
        ended = true;
        endReason = typeof e.payload.reason === "string" ? e.payload.reason : null;
      }
      // People who came on stage after the page loaded (a speaker, another producer).
      if (e.type === "stage.demoted") stage.delete(String(e.payload.participantId ?? ""));
      // A promotion's actor is the producer: the one who came on stage is its payload's participantId.
      const joinedId =
        e.type === "stage.promoted"
          ? String(e.payload.participantId ?? "")
          : e.type === "participant.joined"
            ? (e.actorParticipantId ?? "")
            : "";
      if (joinedId && !stage.has(joinedId)) {
        const id = joinedId;
        const role = (
          e.type === "stage.promoted" ? "SPEAKER" : String(e.payload.role ?? "SPEAKER")
        ) as SessionViewData["participants"][number]["role"];
        stage.set(id, { id, role, displayName: String(e.payload.name ?? "Someone"), avatarUrl: null, present: true, canLead: true });
      }
    }
    const leaderName = leader ? (stage.get(leader)?.displayName ?? null) : null;
    return { current, newWindowOffer, leaderName, ended, endReason, stage: [...stage.values()] };
  }, [ordered, initial]);

  const leave = useMutation(trpc.sessions.leave.mutationOptions({ onSuccess: () => setLeft(true) }));

  return {
    sessionId,
    me,
    channels: initial.channels,
    title: initial.session.title,
    orgName: initial.session.orgName,
    events: ordered,
    audience: count?.count ?? null,
    liveState: audience.state,
    liveError: audience.error,
    removed,
    left,
    leave: () => leave.mutate({ sessionId }),
    leaving: leave.isPending,
    ...derived,
  };
}

export type AttendeeState = ReturnType<typeof useAttendee>;
