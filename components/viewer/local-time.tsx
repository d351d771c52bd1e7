"use client";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** The one format for times in the viewer, the replay and the transcripts: the locale's medium date and short time ("Dec 4, 2026, 7:30 PM" or "7:30 PM"). */
export function formatLocalTime(d: Date, withDate: boolean, timeZone?: string): string {
  return withDate
    ? d.toLocaleString(timeZone ? "en-GB" : [], { dateStyle: "medium", timeStyle: "short", timeZone })
    : d.toLocaleTimeString(timeZone ? "en-GB" : [], { timeStyle: "short", timeZone });
}

/**
 * A time in the reader's own zone and locale. The server doesn't know either, so it renders nothing
 * and the browser fills it in after hydration: a server-formatted time would differ from the
 * browser's and break hydration of the whole transcript. Without JavaScript (the basic page), the
 * <noscript> copy shows the time in UTC, said so; React never hydrates a noscript's content.
 */
export function LocalTime({ iso, withDate = false }: { iso: string; withDate?: boolean }) {
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const d = new Date(iso);
  return (
    <time dateTime={iso}>
      {inBrowser ? formatLocalTime(d, withDate) : <noscript>{`${formatLocalTime(d, withDate, "UTC")} UTC`}</noscript>}
    </time>
  );
}
