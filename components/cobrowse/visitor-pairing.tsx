"use client";
// Pairing, our-origin side (docs/cobrowse.md): the entry page keeps the `cb` nonce the embed
// loader put in the help window's address; the visitor's viewer claims it for their seat, after
// which the client's tab that made it may offer to share itself. Renders nothing.
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc";

const STORE = "isession-cobrowse-nonce";
const NONCE = /^[A-Za-z0-9_-]{22,64}$/;
const FRESH_MS = 3 * 3600_000;

/** On the entry page: keep the nonce from the address for the viewer that comes next. */
export function CobrowseNonceKeeper() {
  useEffect(() => {
    const n = new URLSearchParams(location.search).get("cb");
    if (!n || !NONCE.test(n)) return;
    try {
      localStorage.setItem(STORE, JSON.stringify({ n, t: Date.now() }));
    } catch {
      // Storage refused: this visit simply cannot co-browse.
    }
  }, []);
  return null;
}

function readHeld(): { n?: unknown; t?: unknown } | null {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? "null") as { n?: unknown; t?: unknown } | null;
  } catch {
    return null;
  }
}

/** In the visitor's viewer: claim a kept nonce for this seat, once. */
export function CobrowseVisitorPairing({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const pair = useMutation(trpc.cobrowse.pair.mutationOptions());
  const { mutate } = pair;
  useEffect(() => {
    const held = readHeld();
    if (!held || typeof held.n !== "string" || typeof held.t !== "number" || Date.now() - held.t > FRESH_MS) return;
    const nonce = held.n;
    // Claimed or refused for good (another session's tab, co-browsing off): either way it is spent.
    const forget = () => {
      try {
        localStorage.removeItem(STORE);
      } catch {
        // nothing kept
      }
    };
    mutate({ sessionId, nonce }, { onSuccess: forget, onError: (e) => (e.data?.code !== "INTERNAL_SERVER_ERROR" ? forget() : undefined) });
  }, [mutate, sessionId]);
  return null;
}
