"use client";
// The viewer's state machine: the archive as this reader holds it (event-log.ts: per stream, what
// the server sent is what everyone in that stream's audience sees), pending lines until their
// server copy returns, gap fill per stream on a hole or a reconnect, live typing (use-typing.ts),
// and the derived leader / URL / participants (session-state.ts).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EVENTS_PAGE, SESSION_EVENT, TYPING_COPY_EVENT, TYPING_EVENT, type WireEvent } from "@/lib/session-events";
import { useChannel, usePresence } from "@/lib/realtime/hooks";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import { ROOM } from "./conversations";
import { clientIdsOf, eventLog, gapsOf, mergeEvents, orderedEvents, unsettled, type EventLog } from "./event-log";
import { deriveSessionState } from "./session-state";
import { handoffOf } from "./handoff";
import { onLineSent, roleSettled, sendRoomLine, sentLines, settleLines, useOutbox } from "./line-outbox";
import type { Pending, SessionViewData } from "./types";
import { draftKey, restoreDraft } from "./use-drafts";
import { useReportTyping, useTypists } from "./use-typing";
import { isInvisible } from "@/lib/roles";

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
  const { typing, onTyping, onTypingCopy, linesArrived } = useTypists();
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
      // A sent line replaces the sender's typing preview.
      linesArrived(incoming);
      return next;
    },
    [linesArrived, sessionId],
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

  const ordered = useMemo(() => orderedEvents(log), [log]);
  // An agent whose seat was handed over (transfer, reassign, back to the queue) can no longer act here.
  const handoff = useMemo(() => handoffOf(ordered, me.id), [ordered, me.id]);
  const gone = left || handoff !== null;

  const handlers = useMemo(
    () => ({ [SESSION_EVENT]: onEvent, [TYPING_EVENT]: onTyping, [TYPING_COPY_EVENT]: onTypingCopy }),
    [onEvent, onTyping, onTypingCopy],
  );
  const privateHandlers = useMemo(() => ({ [SESSION_EVENT]: onEvent }), [onEvent]);
  // The page's events were read before its channels were subscribed: a line published in between
  // reached no one here, and with nothing after it no hole would show it. So each subscription (the
  // first, and again after a reconnect) reads what came after the cursors.
  const catchUp = useMemo(() => ({ catchUp: () => void fillGap() }), [fillGap]);
  // Visible participants join the presence channel; monitors and prompters watch the audience channel.
  const { channels } = initial;
  const presence = usePresence(!invisible && !gone ? channels.room : null, handlers, catchUp);
  const audience = useChannel(invisible && !gone ? channels.audience : null, handlers, catchUp);
  useChannel(invisible && !gone ? channels.watchers : null, handlers);
  // Prompts and sidebar lines come only on one's own participant channel.
  useChannel(!gone ? channels.own : null, privateHandlers, catchUp);
  const live = invisible ? audience : presence;

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
  const reportTyping = useReportTyping(initial.scenario.typingPreview, presence.channel, presence.state === "subscribed", TYPING_EVENT);

  const invalidateView = useCallback(
    () => void qc.invalidateQueries({ queryKey: trpc.sessions.view.queryKey({ sessionId }) }),
    [qc, sessionId, trpc],
  );

  return {
    sessionId,
    me,
    channels,
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
