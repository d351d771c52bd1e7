"use client";
// The agent's working view: the ready switch routing obeys, capacity in view, incoming offers with
// sound / notification / spoken cue, and the agent's open sessions as tabs (session-tabs.tsx).
// Offers and transfers arrive live on the agent's private channel; on subscribing and on reconnect the lists are
// refetched, so nothing is missed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { EVENTS, type OfferCreated, type OfferWithdrawn, type SessionAssigned, type SessionTransferred } from "@/lib/realtime-events";
import { useChannel } from "@/lib/realtime/hooks";
import { useTRPC } from "@/lib/trpc";
import { alertIncoming, alertPrefsStore, saveAlertPrefs } from "./alerts";
import { OfferCard } from "./offer-card";
import { OwnAvatar } from "./own-avatar";
import { SessionTabs } from "./session-tabs";
import { transferNotice } from "./transfer-dialog";

/** `memberChannel`: the agent's own (server/realtime/subscriptions.ts staffChannels). */
export function AgentConsole({ orgId, membershipId, memberChannel }: { orgId: string; membershipId: string; memberChannel: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const presence = useQuery(trpc.agent.presence.queryOptions({ orgId }));
  const offers = useQuery(trpc.agent.offers.queryOptions({ orgId }));
  const sessions = useQuery(trpc.agent.sessions.queryOptions({ orgId }));
  const prefs = useSyncExternalStore(alertPrefsStore.subscribe, alertPrefsStore.get, alertPrefsStore.getServer);
  const [notice, setNotice] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const macros = useQuery(trpc.macros.list.queryOptions({ orgId }));

  const offersKey = trpc.agent.offers.queryKey({ orgId });
  const refetchAll = () => {
    void qc.invalidateQueries({ queryKey: trpc.agent.pathKey() });
  };
  // The first session opens in the full viewer (large view, address bar); with sessions already
  // open, the agent is juggling: the new one opens as a tab here instead.
  const open = (sessionId: string) => {
    if ((sessions.data?.length ?? 0) === 0) return router.push(`/s/${sessionId}`);
    refetchAll();
    setActiveId(sessionId);
  };
  const { state: channelState } = useChannel(
    memberChannel,
    {
      [EVENTS.offerCreated]: (data) => {
        const offer = data as OfferCreated;
        qc.setQueryData(offersKey, (old: OfferCreated[] | undefined) => [...(old ?? []).filter((o) => o.offerId !== offer.offerId), offer]);
        alertIncoming(prefs, offer.question || "A visitor is waiting");
      },
      [EVENTS.offerWithdrawn]: (data) => {
        const { offerId, reason } = data as OfferWithdrawn;
        qc.setQueryData(offersKey, (old: OfferCreated[] | undefined) => (old ?? []).filter((o) => o.offerId !== offerId));
        if (reason === "taken") setNotice("A colleague took that request.");
        if (reason === "visitor_left") setNotice("The visitor left before the request was answered.");
        if (reason === "timed_out") setNotice("A request timed out and went to the next agent.");
      },
      [EVENTS.sessionAssigned]: (data) => {
        // Auto-accept, or an accept from another tab: open the session here too.
        refetchAll();
        open((data as SessionAssigned).sessionId);
      },
      [EVENTS.sessionTransferred]: (data) => {
        const t = data as SessionTransferred;
        refetchAll();
        if (t.toMembershipId === membershipId) {
          setActiveId(t.sessionId);
          setNotice(
            t.reassigned ? "A manager assigned you a session; it is open below." : "A colleague handed you a session; it is open below.",
          );
          alertIncoming(prefs, "A session was handed to you");
        } else if (t.fromMembershipId === membershipId) {
          // Said here too: the refetch can unmount the tab before its own mutation callback runs.
          setNotice(t.reassigned ? "A manager reassigned one of your sessions to a colleague." : transferNotice(t.kind));
        }
      },
    },
    { catchUp: refetchAll },
  );

  const setStatus = useMutation(
    trpc.agent.setStatus.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.agent.presence.queryKey({ orgId }) }),
    }),
  );
  const accept = useMutation(
    trpc.agent.accept.mutationOptions({
      onSuccess: ({ sessionId }) => open(sessionId),
      onError: (e) => {
        setNotice(e.message);
        refetchAll();
      },
    }),
  );
  const decline = useMutation(trpc.agent.decline.mutationOptions({ onSettled: refetchAll }));

  const p = presence.data;
  const current = p?.statuses.find((s) => s.key === p.status);
  const ready = current?.routable ?? false;

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="offers-heading" className="space-y-4">
        <div className="flex flex-wrap items-center gap-3 rounded-2xl border border-slate-200 bg-white p-4">
          <button
            type="button"
            role="switch"
            aria-checked={ready}
            disabled={!p || setStatus.isPending}
            onClick={() => setStatus.mutate({ orgId, status: ready ? "away" : "available" })}
            className={`inline-flex h-10 items-center gap-2 rounded-full px-4 text-sm font-semibold transition-colors ${ready ? "bg-emerald-600 text-white hover:bg-emerald-700" : "bg-slate-200 text-slate-800 hover:bg-slate-300"}`}
          >
            <span aria-hidden className={`size-2.5 rounded-full ${ready ? "bg-white" : "bg-slate-500"}`} />
            {ready ? "Ready" : "Not ready"}
          </button>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <span className="sr-only sm:not-sr-only">Status</span>
            <select
              value={p?.status ?? "offline"}
              disabled={!p || setStatus.isPending}
              onChange={(e) => setStatus.mutate({ orgId, status: e.target.value })}
              className="h-9 rounded-lg border border-slate-300 bg-white px-2 text-sm"
            >
              {(p?.statuses ?? []).map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <p className="text-sm text-slate-600" aria-live="polite">
            {p ? (
              <>
                <span className="font-semibold text-slate-900 tabular-nums">
                  {p.load} / {p.capacity}
                </span>{" "}
                sessions
              </>
            ) : (
              "Loading…"
            )}
          </p>
          <span className={`ml-auto text-xs ${channelState === "subscribed" ? "text-emerald-700" : "text-amber-700"}`} role="status">
            {channelState === "subscribed" ? "Live" : channelState === "error" ? "Live updates unavailable" : "Connecting…"}
          </span>
        </div>

        <h2 id="offers-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Incoming requests
        </h2>
        {notice ? (
          <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
            {notice}{" "}
            <button type="button" className="underline" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </p>
        ) : null}
        <div aria-live="assertive" className="space-y-3">
          {(offers.data ?? []).map((o) => (
            <OfferCard
              key={o.offerId}
              offer={o}
              busy={accept.isPending || decline.isPending}
              onAccept={() => accept.mutate({ orgId, offerId: o.offerId })}
              onDecline={() => decline.mutate({ orgId, offerId: o.offerId })}
            />
          ))}
        </div>
        {offers.data?.length === 0 ? (
          <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">
            {ready ? "You're ready. New requests appear here." : "Switch to Ready to receive requests."}
          </p>
        ) : null}
      </section>

      <aside className="space-y-6">
        <fieldset className="rounded-2xl border border-slate-200 bg-white p-4">
          <legend className="px-1 text-sm font-semibold">Alert me with</legend>
          {(
            [
              ["sound", "A sound"],
              ["notify", "A browser notification"],
              ["speak", "A spoken cue"],
            ] as const
          ).map(([key, label]) => (
            <label key={key} className="mt-2 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={prefs[key]}
                onChange={(e) => {
                  saveAlertPrefs({ ...prefs, [key]: e.target.checked });
                  if (key === "notify" && e.target.checked && "Notification" in window && Notification.permission === "default") {
                    void Notification.requestPermission();
                  }
                }}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <OwnAvatar orgId={orgId} />
      </aside>
      <section aria-labelledby="sessions-heading" className="lg:col-span-2">
        <h2 id="sessions-heading" className="mb-3 text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Your open sessions{sessions.data?.length ? ` (${sessions.data.length})` : ""}
        </h2>
        {sessions.isLoading ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : sessions.isError ? (
          <p role="alert" className="text-sm text-red-700">
            Couldn&apos;t load your sessions.{" "}
            <button type="button" className="underline" onClick={refetchAll}>
              Try again
            </button>
          </p>
        ) : (
          <SessionTabs
            orgId={orgId}
            sessions={sessions.data ?? []}
            macros={macros.data ?? []}
            activeId={activeId}
            onActivate={setActiveId}
            onGone={(_id, message) => {
              if (message) setNotice(message);
              refetchAll();
            }}
          />
        )}
      </section>
    </div>
  );
}
