"use client";
import { useSyncExternalStore } from "react";
import { formatSlot } from "@/lib/slot-time";

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A booked time in the reader's own zone, named, once the page runs; UTC, said so, before that and without JavaScript. */
export function SlotTime({ iso }: { iso: string }) {
  const zone = useSyncExternalStore(noSubscription, browserZone, () => "UTC");
  return <time dateTime={iso}>{formatSlot(new Date(iso), zone)}</time>;
}
