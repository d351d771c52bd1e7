"use client";
// The leader's marks on the shared page, for one viewer: which tool is in hand, the marks that came
// in while this page was open (archived events: history is not redrawn on load), the leader's live
// pointer (a throttled client event on the presence channel), and the render function an overlay
// calls with its geometry: the large view's frame, or the co-browse mirror (`overlay` prop).
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useChannel } from "@/lib/realtime/hooks";
import {
  eventKey,
  POINTER_EVENT,
  type AnnotationPayload,
  type AnnotationShape,
  type AnnotationSurface,
  type PagePoint,
  type PointerPayload,
  type WireEvent,
} from "@/lib/session-events";
import { isInvisible } from "@/lib/roles";
import { useTRPCClient } from "@/lib/trpc";
import { MARK_LIFE_MS, POINTER_STALE_MS, POINTER_THROTTLE_MS, throttle, visibleMarks } from "./fading";
import { pageKeyOf, type OverlayGeometry } from "./geometry";
import { MarksOverlay } from "./overlay";

export type Tool = AnnotationShape;
export type LiveMark = { key: string; actor: string | null; payload: AnnotationPayload; shownAt: number };
export type LivePointer = { x: number; y: number; surface: AnnotationSurface; url: string; at: number; from: string };

type SessionLike = {
  sessionId: string;
  me: { id: string; role: string };
  /** The session's channels as the server named them (the pointer rides the room's). */
  channels: { room: string };
  leader: string | null;
  events: readonly WireEvent[];
  participants: readonly { id: string; displayName: string }[];
  /** The session ended or this seat left: nothing more is drawn or sent. */
  closed?: boolean;
};

function newId(): string {
  return `mk${crypto.randomUUID().replace(/-/g, "")}`;
}

export function useSharedPageMarks(s: SessionLike) {
  const client = useTRPCClient();
  const unseen = isInvisible(s.me.role);
  const iLead = s.leader === s.me.id && !s.closed && !unseen;
  const [tool, setTool] = useState<Tool | null>(null);
  const activeTool = iLead ? tool : null;
  const [marks, setMarks] = useState<LiveMark[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pointer, setPointer] = useState<LivePointer | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState<{ text: string; surface: AnnotationSurface } | null>(null);

  // Marks archived before this page opened are history (the replay shows them); only new ones are drawn.
  const seenRef = useRef<Set<string> | null>(null);
  const localIds = useRef(new Set<string>());
  const nameOf = useCallback((id: string | null) => s.participants.find((p) => p.id === id)?.displayName ?? "The leader", [s.participants]);
  useEffect(() => {
    const annotations = s.events.filter((e) => e.type === "annotation");
    if (seenRef.current === null) {
      seenRef.current = new Set(annotations.map(eventKey));
      return;
    }
    const seen = seenRef.current;
    const fresh = annotations.filter((e) => !seen.has(eventKey(e)));
    if (fresh.length === 0) return;
    for (const e of fresh) seen.add(eventKey(e));
    // The leader's own marks are on screen since the stroke ended; the stored copy is not drawn twice.
    const incoming = fresh.filter((e) => !(e.clientEventId && localIds.current.has(e.clientEventId)));
    if (incoming.length === 0) return;
    const at = Date.now();
    setMarks((m) => [
      ...m,
      ...incoming.map((e) => ({
        key: eventKey(e),
        actor: e.actorParticipantId,
        payload: e.payload as unknown as AnnotationPayload,
        shownAt: at,
      })),
    ]);
    const last = incoming.at(-1)!;
    const { shape, surface } = last.payload as unknown as AnnotationPayload;
    const verb = shape === "box" ? "highlighted" : shape === "circle" ? "circled" : "pointed at";
    setAnnouncement({ text: `${nameOf(last.actorParticipantId)} ${verb} something on the shared page.`, surface });
  }, [s.events, nameOf]);

  // One clock while anything is on screen; marks past their life are dropped.
  const busy = marks.length > 0 || pointer !== null;
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setMarks((m) => (m.some((x) => at - x.shownAt >= MARK_LIFE_MS) ? m.filter((x) => at - x.shownAt < MARK_LIFE_MS) : m));
      setPointer((p) => (p && at - p.at > POINTER_STALE_MS ? null : p));
    }, 100);
    return () => clearInterval(t);
  }, [busy]);

  // The live pointer: only the current leader's is drawn (anyone on the channel could send one).
  const leaderRef = useRef(s.leader);
  useEffect(() => {
    leaderRef.current = s.leader;
  }, [s.leader]);
  const handlers = useMemo(
    () => ({
      [POINTER_EVENT]: (data: unknown, meta?: { user_id?: string }) => {
        if (!meta?.user_id || meta.user_id !== leaderRef.current || meta.user_id === s.me.id) return;
        const p = data as PointerPayload;
        if ("hidden" in p) return setPointer(null);
        if (
          !Number.isFinite(p.x) ||
          !Number.isFinite(p.y) ||
          (p.surface !== "frame" && p.surface !== "cobrowse") ||
          typeof p.url !== "string"
        )
          return;
        setPointer({ x: p.x, y: p.y, surface: p.surface, url: p.url, at: Date.now(), from: meta.user_id });
      },
    }),
    [s.me.id],
  );
  // Unseen staff are never on the presence channel, so they get marks (archived) but no live pointer.
  const live = useChannel(!unseen && !s.closed ? s.channels.room : null, handlers);
  // The throttle outlives renders (made at first use); it reads the channel as it is when a send is due.
  const liveRef = useRef(live);
  useEffect(() => {
    liveRef.current = live;
  });
  const senderRef = useRef<ReturnType<typeof throttle<PointerPayload>> | null>(null);
  const sendPointer = useCallback((p: PointerPayload, now: boolean) => {
    senderRef.current ??= throttle<PointerPayload>(POINTER_THROTTLE_MS, (v) => {
      const { channel, state } = liveRef.current;
      if (channel && state === "subscribed") channel.trigger(POINTER_EVENT, v);
    });
    if (now) senderRef.current.flush(p);
    else senderRef.current.push(p);
  }, []);
  useEffect(() => () => senderRef.current?.cancel(), []);
  // Putting the pointer tool down (or losing the baton) hides it for the others.
  const pointing = activeTool === "pointer";
  const wasPointing = useRef(false);
  useEffect(() => {
    if (wasPointing.current && !pointing) sendPointer({ hidden: true }, true);
    wasPointing.current = pointing;
  }, [pointing, sendPointer]);

  const movePointer = useCallback(
    (p: PagePoint | null, geom: OverlayGeometry, surface: AnnotationSurface) => {
      const url = geom.url ? pageKeyOf(geom.url) : null;
      if (!p || !url) return sendPointer({ hidden: true }, true);
      sendPointer({ x: Math.round(p.x), y: Math.round(p.y), surface, url }, false);
    },
    [sendPointer],
  );

  const draw = useCallback(
    (shape: AnnotationShape, points: PagePoint[], geom: OverlayGeometry, surface: AnnotationSurface) => {
      const url = geom.url ? pageKeyOf(geom.url) : null;
      if (!url) return setError("This page's address isn't known yet, so a mark can't be placed on it.");
      const clientEventId = newId();
      localIds.current.add(clientEventId);
      const payload: AnnotationPayload = {
        shape,
        points: points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
        scrollX: Math.max(0, Math.round(geom.scrollX)),
        scrollY: Math.max(0, Math.round(geom.scrollY)),
        viewport: { w: Math.max(1, Math.round(geom.width)), h: Math.max(1, Math.round(geom.height)) },
        url,
        surface,
      };
      const key = `local:${clientEventId}`;
      setMarks((m) => [...m, { key, actor: s.me.id, payload, shownAt: Date.now() }]);
      setError(null);
      client.sessions.annotate.mutate({ sessionId: s.sessionId, mark: { ...payload, clientEventId } }).catch((e: { message?: string }) => {
        setMarks((m) => m.filter((x) => x.key !== key));
        setError(e.message ?? "The mark could not be shared.");
      });
    },
    [client, s.me.id, s.sessionId],
  );

  const overlay = useCallback(
    (geom: OverlayGeometry, surface: AnnotationSurface): ReactNode => (
      <MarksOverlay
        geom={geom}
        surface={surface}
        marks={visibleMarks(marks, now)}
        pointer={pointer && pointer.from === s.leader && pointer.surface === surface ? { ...pointer, name: nameOf(s.leader) } : null}
        canDraw={iLead}
        tool={activeTool}
        onTool={setTool}
        onDraw={(shape, points) => draw(shape, points, geom, surface)}
        onPointer={(p) => movePointer(p, geom, surface)}
        error={error}
        onDismissError={() => setError(null)}
        announcement={announcement?.surface === surface ? announcement.text : ""}
      />
    ),
    [activeTool, announcement, draw, error, iLead, marks, movePointer, nameOf, now, pointer, s.leader],
  );

  return { overlay, tool: activeTool, setTool, iLead };
}
