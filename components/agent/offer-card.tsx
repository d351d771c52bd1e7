"use client";
import { useEffect, useState } from "react";
import type { OfferCreated } from "@/lib/realtime-events";
import { Button } from "@/components/ui/button";

function secondsLeft(expiresAt: string, now: number) {
  return Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000));
}

export function OfferCard({
  offer,
  busy,
  onAccept,
  onDecline,
}: {
  offer: OfferCreated;
  busy: boolean;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const left = secondsLeft(offer.expiresAt, now);
  const who = offer.visitor.name || "A visitor";
  return (
    <article
      aria-labelledby={`offer-${offer.offerId}`}
      className="rounded-2xl border-2 border-brand-500 bg-white p-4 shadow-sm"
      onKeyDown={(e) => {
        if (e.target instanceof HTMLButtonElement) return;
        if (e.key === "a") onAccept();
        if (e.key === "d") onDecline();
      }}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={`offer-${offer.offerId}`} className="font-semibold">
            {who} is asking for help
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">
            {offer.scenarioName}
            {offer.visitor.earlierSessions > 0
              ? ` · returning visitor, ${offer.visitor.earlierSessions} earlier session${offer.visitor.earlierSessions === 1 ? "" : "s"}`
              : " · first visit"}
            {offer.visitor.email ? ` · ${offer.visitor.email}` : ""}
          </p>
        </div>
        <span
          className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 tabular-nums"
          aria-label={`${left} seconds to answer`}
        >
          {left}s
        </span>
      </div>
      {offer.question ? <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2 text-sm">“{offer.question}”</p> : null}
      {offer.referrerUrl ? (
        <p className="mt-2 truncate text-xs text-slate-500">
          From <span className="font-mono">{offer.referrerUrl}</span>
        </p>
      ) : null}
      <div className="mt-4 flex gap-2">
        <Button onClick={onAccept} disabled={busy || left === 0} autoFocus>
          Accept
        </Button>
        <Button variant="secondary" onClick={onDecline} disabled={busy}>
          Decline
        </Button>
      </div>
    </article>
  );
}
