"use client";
// The viewer's state machine: the archive as this reader holds it (event-log.ts: per stream, what
// the server sent is what everyone in that stream's audience sees), pending lines until their
// server copy returns, gap fill per stream on a hole or a reconnect, live typing over client
// events, and the derived leader / URL / participants.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { channels } from "@/lib/channels";
import {
  EVENTS_PAGE,
  SESSION_EVENT,
  TYPING_COPY_EVENT,
  TYPING_EVENT,
  type TypingCopyPayload,
  type TypingPayload,
  type WireEvent,
} from "@/lib/session-events";
import { useChannel, usePresence } from "@/lib/realtime/hooks";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import { ROOM } from "./conversations";
import { clientIdsOf, eventLog, gapsOf, mergeEvents, orderedEvents, unsettled, type EventLog } from "./event-log";
import { deriveSessionState } from "./session-state";
import { handoffOf } from "./handoff";
import { onLineSent, roleSettled, sendRoomLine, sentLines, settleLines, useOutbox } from "./line-outbox";
import type { Pending, SessionViewData, Typing } from "./types";
import { draftKey, restoreDraft } from "./use-drafts";
import { isInvisible } from "@/lib/roles";

const TYPING_THROTTLE_MS = 300; // ~3 client events/s per typist: well inside the relay's 10/s
const TYPING_STALE_MS = 6000;

export function newClientEventId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

export function useSession(initial: SessionViewData) {
  const sessionId = initial.session.id;
  const me = initial.me;
  const invisible = isInvisible(me.role);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();

  // Lines answered while the previous viewer went away (a role change) are part of the start. The
  // ref is the truth (a gap fill reads its cursors at once); the state re-renders.
  const [log, setLog] = useState<EventLog>(() => eventLog([...initial.events, ...sentLines(sessionId)]));
  const logRef = useRef(log);
  // Pending room lines and a role change in flight outlive this viewer (line-outbox.ts).
  const outbox = useOutbox(sessionId);
  const [typing, setTyping] = useState<Record<string, Typing>>({});
  const [left, setLeft] = useState(me.left);
  const fillingRef = useRef(false);
  const fillAgainRef = useRef(false);

  const merge = useCallback(
    (incoming: WireEvent[]): EventLog => {
      // A stored copy settles its pending line even when it is already held (it came another way first).
      const ids = clientIdsOf(incoming);
      if (ids.size) settleLines(sessionId, ids);
      const next = mergeEvents(logRef.current, incoming);
      if (next === logRef.current) return next;
      logRef.current = next;
      setLog(next);
      for (const e of incoming) {
        if (e.type === "chat" && e.actorParticipantId) {
          // A sent line replaces the sender's typing preview.
          setTyping((t) => {
            if (!t[e.actorParticipantId!]) return t;
            const { [e.actorParticipantId!]: _gone, ...rest } = t;
            return rest;
          });
        }
      }
      return next;
    },
    [sessionId],
  );

  // Everything after this reader's cursors, per stream (a stream it has not seen, from its start).
  const fillGap = useCallback(async () => {
    if (fillingRef.current) {
      fillAgainRef.current = true; // a hole found meanwhile may lie past what the running fill asked for
      return;
    }
    fillingRef.current = true;
    try {
      do {
        fillAgainRef.current = false;
        for (;;) {
          const batch = await client.sessions.events.query({ sessionId, cursors: logRef.current.cursors });
          merge(batch);
          if (batch.length < EVENTS_PAGE) break;
        }
      } while (fillAgainRef.current);
    } finally {
      fillingRef.current = false;
    }
  }, [client, merge, sessionId]);

  // A hole in any stream (a dropped message, or the first page of a long archive): fetch from the archive.
  const mergeAndFill = useCallback(
    (incoming: WireEvent[]) => {
      if (gapsOf(merge(incoming)).length > 0) void fillGap();
    },
    [fillGap, merge],
  );
  const onEvent = useCallback((data: unknown) => mergeAndFill([data as WireEvent]), [mergeAndFill]);
  useEffect(() => {
    if (initial.events.length >= EVENTS_PAGE) void fillGap();
  }, [fillGap, initial.events.length]);

  const setTypist = useCallback((who: string, t: TypingPayload) => {
    setTyping((prev) => {
      if (!t.typing) {
        const { [who]: _gone, ...rest } = prev;
        return rest;
      }
      return { ...prev, [who]: { text: t.text, at: Date.now() } };
    });
  }, []);
  const onTyping = useCallback(
    (data: unknown, meta?: { user_id?: string }) => {
      if (meta?.user_id) setTypist(meta.user_id, data as TypingPayload);
    },
    [setTypist],
  );
  // Unseen staff get the server's copy of the room's typing on the watch channel (server/sessions/typing-copy.ts).
  const onTypingCopy = useCallback(
    (data: unknown) => setTypist((data as TypingCopyPayload).participantId, data as TypingPayload),
    [setTypist],
  );

  const ordered = useMemo(() => orderedEvents(log), [log]);
  // An agent whose seat was handed over (transfer, reassign, back to the queue) can no longer act here.
  const handoff = useMemo(() => handoffOf(ordered, me.id), [ordered, me.id]);
  const gone = left || handoff !== null;

  const handlers = useMemo(
    () => ({ [SESSION_EVENT]: onEvent, [TYPING_EVENT]: onTyping, [TYPING_COPY_EVENT]: onTypingCopy }),
    [onEvent, onTyping, onTypingCopy],
  );
  const privateHandlers = useMemo(() => ({ [SESSION_EVENT]: onEvent }), [onEvent]);
  const reconnect = useMemo(() => ({ onReconnect: () => void fillGap() }), [fillGap]);
  // Visible participants join the presence channel; monitors and prompters watch the audience channel.
  const presence = usePresence(!invisible && !gone ? channels.session(sessionId) : null, handlers, reconnect);
  const audience = useChannel(invisible && !gone ? channels.sessionAudience(sessionId) : null, handlers, reconnect);
  useChannel(invisible && !gone ? channels.sessionWatch(sessionId) : null, handlers);
  // Prompts and sidebar lines come only on one's own participant channel.
  useChannel(!gone ? channels.participant(me.id) : null, privateHandlers);
  const live = invisible ? audience : presence;

  // Typing previews expire if the typist goes quiet without a "stopped" event (closed tab).
  useEffect(() => {
    const t = setInterval(() => {
      setTyping((prev) => {
        const now = Date.now();
        const fresh = Object.entries(prev).filter(([, v]) => now - v.at < TYPING_STALE_MS);
        return fresh.length === Object.keys(prev).length ? prev : Object.fromEntries(fresh);
      });
    }, 2000);
    return () => clearInterval(t);
  }, []);

  // Derived state, all from the archive.
  const derived = useMemo(() => deriveSessionState(ordered, initial, me.id), [ordered, initial, me.id]);

  // Chat: pending until the server's copy comes back. Sent through the outbox, so that a line's
  // answer is not lost when a role change rebuilds the viewer, and held while a barge-in is in flight.
  const send = useCallback(
    (text: string, clientEventId = newClientEventId()) =>
      sendRoomLine(sessionId, (line) => client.sessions.send.mutate({ sessionId, ...line }), { text, clientEventId }),
    [client, sessionId],
  );
  const retry = useCallback((p: Pending) => send(p.text, p.clientEventId), [send]);
  // A line's answer lands in the outbox, which hands it to whichever viewer shows the session now.
  useEffect(() => onLineSent(sessionId, (e) => mergeAndFill([e])), [mergeAndFill, sessionId]);
  // The role asked for is now this viewer's: the bridge is done.
  useEffect(() => roleSettled(sessionId, me.role), [me.role, sessionId]);
  /** The role a line is sent under: the one being switched to as soon as it was asked for. */
  const lineRole = outbox.roleChange?.role ?? me.role;
  const roleChanging = outbox.roleChange?.state === "joining";

  // Prompts and sidebar lines: no pending copy; the stored event is merged when the server answers.
  const [privateError, setPrivateError] = useState<string | null>(null);
  const onPrivateSent = useCallback(
    (e: WireEvent) => {
      setPrivateError(null);
      mergeAndFill([e]);
    },
    [mergeAndFill],
  );
  const onPrivateError = useCallback((err: { message: string }) => setPrivateError(err.message), []);
  const promptMutation = useMutation(trpc.sessions.prompt.mutationOptions());
  const sidebarSend = useMutation(trpc.sidebars.send.mutationOptions());
  const sidebarOpen = useMutation(trpc.sidebars.open.mutationOptions());
  const sidebarClose = useMutation(trpc.sidebars.close.mutationOptions());
  const closeSidebar = useCallback(
    (sidebarId: string) => sidebarClose.mutate({ sessionId, sidebarId }, { onSuccess: onPrivateSent, onError: onPrivateError }),
    [onPrivateError, onPrivateSent, sidebarClose, sessionId],
  );
  const sendPrompt = useCallback(
    (text: string) =>
      promptMutation.mutate(
        { sessionId, text, clientEventId: newClientEventId() },
        {
          onSuccess: onPrivateSent,
          onError: (err) => {
            onPrivateError(err);
            // Refused (the role changed meanwhile, the session ended): the line goes back to the input.
            restoreDraft(draftKey(sessionId, ROOM), text);
          },
        },
      ),
    [onPrivateError, onPrivateSent, promptMutation, sessionId],
  );
  const sendToSidebar = useCallback(
    (sidebarId: string, text: string) =>
      sidebarSend.mutate(
        { sessionId, sidebarId, text, clientEventId: newClientEventId() },
        { onSuccess: onPrivateSent, onError: onPrivateError },
      ),
    [onPrivateError, onPrivateSent, sidebarSend, sessionId],
  );
  const openSidebar = useCallback(
    (memberIds: string[], onOpened: (sidebarId: string) => void) =>
      sidebarOpen.mutate(
        { sessionId, memberIds },
        {
          onSuccess: (r) => {
            setPrivateError(null);
            mergeAndFill([r.event]);
            onOpened(r.sidebarId);
          },
          onError: (err) => setPrivateError(err.message),
        },
      ),
    [mergeAndFill, sessionId, sidebarOpen],
  );

  // Live typing as client events on the presence channel.
  const lastTypingRef = useRef(0);
  const trailingRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mode = initial.scenario.typingPreview;
  const reportTyping = useCallback(
    (text: string) => {
      const ch = presence.channel;
      if (mode === "NONE" || !ch || presence.state !== "subscribed") return;
      const payload: TypingPayload = text
        ? { typing: true, ...(mode === "FULL_TEXT" ? { text: text.slice(-500) } : {}) }
        : { typing: false };
      const fire = () => {
        lastTypingRef.current = Date.now();
        ch.trigger(TYPING_EVENT, payload);
      };
      if (trailingRef.current) clearTimeout(trailingRef.current);
      const wait = TYPING_THROTTLE_MS - (Date.now() - lastTypingRef.current);
      if (wait <= 0 || !text) fire();
      else trailingRef.current = setTimeout(fire, wait); // the last keystroke always goes out
    },
    [mode, presence.channel, presence.state],
  );

  const invalidateView = useCallback(
    () => void qc.invalidateQueries({ queryKey: trpc.sessions.view.queryKey({ sessionId }) }),
    [qc, sessionId, trpc],
  );

  return {
    sessionId,
    me,
    scenario: initial.scenario,
    rooms: initial.rooms,
    events: ordered,
    // A line whose stored copy came in over realtime before its answer shows once, as stored.
    pending: unsettled(outbox.pending, log),
    lineRole,
    roleChanging,
    typing,
    onlineIds: invisible ? null : new Set(presence.members.map((m) => m.id)),
    liveState: live.state,
    liveError: live.error,
    left,
    setLeft,
    handoff,
    send,
    retry,
    sendPrompt,
    sendToSidebar,
    openSidebar,
    openingSidebar: sidebarOpen.isPending,
    closeSidebar,
    closingSidebar: sidebarClose.isPending,
    privateError,
    reportTyping,
    invalidateView,
    ...derived,
  };
}

export type SessionState = ReturnType<typeof useSession>;
