// Realtime in the browser: one pusher-js connection per page (to our relay or to Pusher), shared by
// every component through <RealtimeProvider>. Subscriptions are reference-counted, so two components
// on one channel don't unsubscribe each other, and `catchUp` runs each time a subscription succeeds,
// so a consumer can fetch what it missed (events after its last seq).
"use client";
import Pusher, { type Channel, type PresenceChannel } from "pusher-js";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";

import type { ClientRealtimeConfig } from "./config";

export type { ClientRealtimeConfig };

type Registry = { pusher: Pusher; acquire(name: string): Channel; release(name: string): void };

const RealtimeContext = createContext<Registry | null>(null);

export function RealtimeProvider({ config, children }: { config: ClientRealtimeConfig; children: ReactNode }) {
  const [registry] = useState<Registry>(() => {
    const pusher = new Pusher(config.key, {
      cluster: config.cluster,
      wsHost: config.wsHost,
      wsPort: config.wsPort,
      wssPort: config.wssPort,
      forceTLS: config.forceTLS,
      enabledTransports: ["ws", "wss"],
      disableStats: true,
      channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
    });
    const counts = new Map<string, number>();
    return {
      pusher,
      acquire(name) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return pusher.channel(name) ?? pusher.subscribe(name);
      },
      release(name) {
        const n = (counts.get(name) ?? 1) - 1;
        if (n > 0) counts.set(name, n);
        else {
          counts.delete(name);
          pusher.unsubscribe(name);
        }
      },
    };
  });
  useEffect(() => {
    // connect() is a no-op when connected; it matters after React StrictMode's simulated unmount.
    registry.pusher.connect();
    return () => registry.pusher.disconnect();
  }, [registry]);
  return <RealtimeContext.Provider value={registry}>{children}</RealtimeContext.Provider>;
}

function useRegistry(): Registry {
  const r = useContext(RealtimeContext);
  if (!r) throw new Error("useChannel/usePresence need a <RealtimeProvider> above them");
  return r;
}

export type ChannelState = "idle" | "subscribing" | "subscribed" | "error";
export type EventHandlers = Record<string, (data: unknown, meta?: { user_id?: string }) => void>;

export type ChannelOptions = {
  /**
   * Reads what the channel may have missed. Runs each time its subscription succeeds: the first time
   * (the page read its data before subscribing, so anything published in between reached no one
   * here) and after every dropped connection (pusher-js subscribes again once it is back).
   */
  catchUp?: () => void;
};

/**
 * Subscribes to `name` (null: nothing) while mounted and dispatches its events to `handlers`
 * (the latest handlers are always used, without resubscribing).
 */
export function useChannel(
  name: string | null,
  handlers: EventHandlers,
  opts: ChannelOptions = {},
): { state: ChannelState; error: string | null; channel: Channel | null } {
  const { pusher, acquire, release } = useRegistry();
  const handlersRef = useRef(handlers);
  const catchUpRef = useRef(opts.catchUp);
  useEffect(() => {
    handlersRef.current = handlers;
    catchUpRef.current = opts.catchUp;
  });
  // Status is set only from the channel's own callbacks; what belongs to another name is stale.
  const [status, setStatus] = useState<{ name: string | null; state: ChannelState; error: string | null }>({
    name: null,
    state: "idle",
    error: null,
  });

  useEffect(() => {
    if (!name) return;
    const ch = acquire(name);
    const onEvent = (event: string, data: unknown) => {
      if (event === "pusher:subscription_succeeded") {
        setStatus({ name, state: "subscribed", error: null });
        catchUpRef.current?.();
      } else if (event === "pusher:subscription_error") {
        const d = data as { error?: string; status?: number } | undefined;
        setStatus({ name, state: "error", error: d?.error ?? `subscription refused (${d?.status ?? "?"})` });
      }
      // Client events arrive through their own bindings below, which carry the sender's user_id.
      if (!event.startsWith("client-")) handlersRef.current[event]?.(data);
    };
    // pusher-js passes the sender (metadata.user_id) only to per-event callbacks, not global ones.
    const clientEvents = Object.keys(handlersRef.current).filter((e) => e.startsWith("client-"));
    const onClientEvent = (event: string) => (data: unknown, metadata?: { user_id?: string }) =>
      handlersRef.current[event]?.(data, metadata?.user_id ? { user_id: metadata.user_id } : undefined);
    const bound = clientEvents.map((e) => [e, onClientEvent(e)] as const);
    for (const [e, cb] of bound) ch.bind(e, cb);
    ch.bind_global(onEvent);
    // Another component subscribed first: the success event has come and gone, so replay it
    // (with the members, for a presence channel) to this consumer.
    if (ch.subscribed) {
      const members = (ch as Partial<PresenceChannel>).members;
      void Promise.resolve().then(() => onEvent("pusher:subscription_succeeded", members ?? {}));
    }
    return () => {
      ch.unbind_global(onEvent);
      for (const [e, cb] of bound) ch.unbind(e, cb);
      release(name);
    };
  }, [name, acquire, release]);

  const current = status.name === name ? status : { state: (name ? "subscribing" : "idle") as ChannelState, error: null };
  return { state: current.state, error: current.error, channel: name ? (pusher.channel(name) ?? null) : null };
}

export type PresenceMemberInfo = { id: string; info: Record<string, unknown> };

/** A presence channel's members (one entry per user id), kept current, plus `me`. */
export function usePresence(
  name: string | null,
  handlers: EventHandlers = {},
  opts: ChannelOptions = {},
): { state: ChannelState; error: string | null; members: PresenceMemberInfo[]; me: PresenceMemberInfo | null; channel: Channel | null } {
  const [members, setMembers] = useState<PresenceMemberInfo[]>([]);
  const [me, setMe] = useState<PresenceMemberInfo | null>(null);
  const { state, error, channel } = useChannel(
    name,
    {
      ...handlers,
      "pusher:subscription_succeeded": (data, meta) => {
        // pusher-js hands a presence channel's Members object to this event.
        const members = data as PresenceChannel["members"];
        const list: PresenceMemberInfo[] = [];
        members.each((m: { id: string; info: Record<string, unknown> }) => list.push({ id: m.id, info: m.info }));
        setMembers(list);
        setMe(members.me as PresenceMemberInfo);
        handlers["pusher:subscription_succeeded"]?.(data, meta);
      },
      "pusher:member_added": (data, meta) => {
        const m = data as PresenceMemberInfo;
        setMembers((list) => (list.some((x) => x.id === m.id) ? list : [...list, m]));
        handlers["pusher:member_added"]?.(data, meta);
      },
      "pusher:member_removed": (data, meta) => {
        const m = data as PresenceMemberInfo;
        setMembers((list) => list.filter((x) => x.id !== m.id));
        handlers["pusher:member_removed"]?.(data, meta);
      },
    },
    opts,
  );
  return { state, error, members, me, channel };
}

/** The shared pusher-js client, e.g. to trigger client events or read the socket id. */
export function usePusher(): Pusher {
  return useRegistry().pusher;
}
