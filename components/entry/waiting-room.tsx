"use client";
// The live part of the waiting page: position and estimate over the visitor's private queue channel,
// a refetch on subscribing and after a reconnect (and a poll while realtime is down), the tab's title and an optional
// chime as alerts, and the move into the session when an agent accepts.
import { chime } from "@/lib/chime";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { EVENTS, type QueueStatus } from "@/lib/realtime-events";
import { RealtimeProvider, useChannel, type ClientRealtimeConfig } from "@/lib/realtime/hooks";
import { ProgressBar } from "@/components/ui/progress";
import { ExternalIcon } from "./icons";

export type WaitingRoomProps = {
  launcherKey: string;
  entryId: string;
  /** The entry's own channel (server/realtime/subscriptions.ts queueChannel). */
  channel: string;
  orgName: string;
  initial: QueueStatus;
  realtime: ClientRealtimeConfig;
  referrer: { url: string; host: string } | null;
};

const POLL_WHILE_DOWN_MS = 5_000;
const POLL_WHILE_LIVE_MS = 30_000;
const noSubscription = () => () => undefined;

export function formatWait(sec: number | null): string {
  if (sec === null) return "No one is available right now. You'll be connected as soon as someone is back.";
  if (sec <= 60) return "Any moment now.";
  const min = Math.round(sec / 60);
  if (min < 60) return `About ${min} minute${min === 1 ? "" : "s"}.`;
  const h = Math.floor(min / 60);
  const m = Math.round((min % 60) / 15) * 15;
  return `About ${h} hour${h === 1 ? "" : "s"}${m ? ` ${m} minutes` : ""}.`;
}

function ordinalLine(position: number | null): string {
  if (position === null) return "You're in line.";
  return position === 1 ? "You're next in line." : `You're number ${position} in line.`;
}

export function WaitingRoom(props: WaitingRoomProps) {
  return (
    <RealtimeProvider config={props.realtime}>
      <Live {...props} />
    </RealtimeProvider>
  );
}

function Live({ launcherKey, entryId, channel, orgName, initial, referrer }: WaitingRoomProps) {
  const router = useRouter();
  const [status, setStatus] = useState<QueueStatus>(initial);
  const [sound, setSound] = useState(false);
  const soundRef = useRef(sound);
  const moved = useRef(false);
  const [connecting, setConnecting] = useState(false);
  // The chime needs JavaScript: its switch appears only once the page runs (never in the no-JS page).
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  useEffect(() => {
    soundRef.current = sound;
  }, [sound]);

  const goToSession = useCallback(
    (sessionId: string) => {
      if (moved.current) return;
      moved.current = true;
      setConnecting(true);
      document.title = `Connected: ${orgName}`;
      if (soundRef.current) chime([587, 880]);
      router.replace(`/s/${encodeURIComponent(sessionId)}`);
    },
    [orgName, router],
  );

  const apply = useCallback(
    (next: QueueStatus) => {
      setStatus((prev) => {
        if (soundRef.current && next.status === "OFFERED" && prev.status !== "OFFERED") chime([587, 880]);
        return next;
      });
      if (next.status === "ASSIGNED" && next.sessionId) goToSession(next.sessionId);
      else if (next.status !== "WAITING" && next.status !== "OFFERED") router.refresh(); // left, scheduled or expired: the server shows it
    },
    [goToSession, router],
  );

  const refetch = useCallback(async () => {
    try {
      const res = await fetch(`/l/${encodeURIComponent(launcherKey)}/wait/${encodeURIComponent(entryId)}/status`, { cache: "no-store" });
      if (res.ok) apply((await res.json()) as QueueStatus);
    } catch {
      // offline for a moment: the next poll or reconnect tries again
    }
  }, [launcherKey, entryId, apply]);

  const { state } = useChannel(
    channel,
    {
      [EVENTS.queueStatus]: (data) => apply(data as QueueStatus),
      [EVENTS.queueConnected]: (data) => goToSession((data as { sessionId: string }).sessionId),
    },
    // The page was rendered before this subscription: an accept in between published to no one
    // here, and the live poll would not notice it for 30 s. A read on each subscription closes that gap.
    { catchUp: () => void refetch() },
  );
  const live = state === "subscribed";

  // Realtime is the main path; polling is the safety net (slow while live, quick while not).
  useEffect(() => {
    const id = setInterval(() => void refetch(), live ? POLL_WHILE_LIVE_MS : POLL_WHILE_DOWN_MS);
    return () => clearInterval(id);
  }, [live, refetch]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void refetch();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [refetch]);

  // The tab's title is the alert a visitor browsing in another tab sees. Next may (re)write the
  // <title> from the page's metadata after we set it, so ours is re-applied whenever it changes.
  const title =
    status.status === "OFFERED"
      ? `● Connecting you… ${orgName}`
      : status.position
        ? `(${status.position}) Waiting for ${orgName}`
        : `Waiting for ${orgName}`;
  const wantedTitle = useRef(title);
  useEffect(() => {
    if (moved.current) return;
    wantedTitle.current = title;
    document.title = title;
  }, [title]);
  useEffect(() => {
    const keep = () => {
      if (!moved.current && document.title !== wantedTitle.current) document.title = wantedTitle.current;
    };
    const observer = new MutationObserver(keep);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, []);

  const offered = status.status === "OFFERED";
  return (
    <div>
      <div className="flex flex-col items-center text-center">
        <div
          aria-hidden
          className={`grid size-24 place-items-center rounded-full text-4xl font-semibold tabular-nums ring-8 ${
            offered ? "bg-emerald-500 text-white ring-emerald-100" : "bg-brand-600 text-white ring-brand-50"
          }`}
        >
          {offered ? (
            <span className="size-8 animate-spin rounded-full border-4 border-white/40 border-t-white" />
          ) : (
            (status.position ?? "…")
          )}
        </div>
        <div aria-live="polite" aria-atomic="true" className="mt-5">
          <h1 className="text-2xl font-semibold tracking-tight text-balance">
            {connecting
              ? "Connecting you to your session…"
              : offered
                ? "An agent is picking up your request…"
                : ordinalLine(status.position)}
          </h1>
          {connecting ? <ProgressBar label="Opening your session" className="mx-auto mt-3 w-48 rounded-full" /> : null}
          <p className="mt-1.5 text-slate-600">
            {offered ? "Stay on this page: you'll be connected in a moment." : formatWait(status.estimatedWaitSec)}
          </p>
        </div>
        <p className="mt-3 inline-flex items-center gap-1.5 text-xs text-slate-500" data-testid="live-state">
          <span aria-hidden className={`size-1.5 rounded-full ${live ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`} />
          {live ? "Live updates" : "Checking every few seconds"}
        </p>
      </div>

      <div className="mt-6 rounded-xl bg-slate-50 p-4 text-sm text-slate-700 ring-1 ring-slate-200">
        <p className="font-medium text-slate-900">Keep browsing while you wait</p>
        <p className="mt-1">
          Keep this tab open. When it&apos;s your turn, its title changes
          {sound ? " and you'll hear a chime" : ""}, and this page opens your session.
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          {referrer ? (
            <a
              href={referrer.url}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex h-11 items-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50 sm:h-9"
            >
              Open {referrer.host} in a new tab
              <ExternalIcon />
              <span className="sr-only">(opens in a new tab)</span>
            </a>
          ) : null}
          {hydrated ? (
            <button
              type="button"
              aria-pressed={sound}
              onClick={() => {
                const next = !sound;
                setSound(next);
                if (next) chime([587, 880]); // a click also unlocks audio for later
              }}
              className="inline-flex h-11 items-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-700 sm:h-9"
            >
              {sound ? "Sound alert on" : "Play a sound when it's my turn"}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
