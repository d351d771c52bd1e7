"use client";
// The agent side of the co-browse channel (docs/cobrowse.md): whole messages in (chunks reassembled),
// whole messages out (chunked and paced under the relay's limits). Several components may use it
// for one session (the mirror, form proposals); the relay subscription is shared (lib/realtime).
import { useCallback, useMemo, useRef } from "react";
import type { Channel } from "pusher-js";
import {
  COBROWSE_EVENT,
  ChunkAssembler,
  Pacer,
  encodeMessage,
  type AgentToVisitor,
  type ChunkMsg,
  type CobrowseMsg,
  type VisitorToAgent,
} from "@/lib/cobrowse";
import { useChannel, usePusher, type ChannelOptions, type ChannelState } from "@/lib/realtime/hooks";

export type CobrowseHandler = (msg: VisitorToAgent) => void;

// One pacer per pusher channel object: the relay's client-event budget is per connection.
const pacers = new WeakMap<Channel, Pacer<CobrowseMsg | ChunkMsg>>();
function pacerFor(ch: Channel): Pacer<CobrowseMsg | ChunkMsg> {
  let p = pacers.get(ch);
  if (!p) {
    p = new Pacer((m) => ch.trigger(COBROWSE_EVENT, m));
    pacers.set(ch, p);
  }
  return p;
}

/** `channelName`: the session's co-browse channel as its view data names it (SessionViewData.channels.cobrowse). */
export function useCobrowseChannel(
  channelName: string | null,
  opts: ChannelOptions = {},
): {
  state: ChannelState;
  error: string | null;
  /** Sends to the visitor's tab; dropped (false) while not subscribed. */
  send: (msg: AgentToVisitor) => boolean;
  /** Adds a handler for the visitor's messages; returns the unsubscribe. */
  subscribe: (handler: CobrowseHandler) => () => void;
} {
  const handlers = useRef(new Set<CobrowseHandler>());
  const assembler = useMemo(() => new ChunkAssembler(), []);
  // Reassembly is async (gunzip); a chain keeps messages in the order they came.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const onWire = useCallback(
    (data: unknown) => {
      chain.current = chain.current.then(async () => {
        const msg = await assembler.accept(data);
        if (!msg || !("t" in msg) || (msg.t !== "rr" && msg.t !== "state" && msg.t !== "form.answer")) return;
        for (const h of handlers.current) {
          try {
            h(msg);
          } catch (e) {
            console.error("co-browse handler failed", e);
          }
        }
      });
    },
    [assembler],
  );
  const eventHandlers = useMemo(() => ({ [COBROWSE_EVENT]: onWire }), [onWire]);
  const { state, error } = useChannel(channelName, eventHandlers, opts);

  const pusher = usePusher();
  const sendChain = useRef<Promise<void>>(Promise.resolve());
  const send = useCallback(
    (msg: AgentToVisitor) => {
      // pusher-js's own channel and flag, not what the last render saw: `catchUp` sends from inside
      // the subscription's success event, before any render has caught up with it.
      const ch = channelName ? pusher.channel(channelName) : undefined;
      if (!ch?.subscribed) return false;
      sendChain.current = sendChain.current.then(async () => {
        for (const piece of await encodeMessage(msg)) pacerFor(ch).push(piece);
      });
      return true;
    },
    [pusher, channelName],
  );
  const subscribe = useCallback((h: CobrowseHandler) => {
    handlers.current.add(h);
    return () => {
      handlers.current.delete(h);
    };
  }, []);
  return { state, error, send, subscribe };
}
