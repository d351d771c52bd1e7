// Scheduled-session times as the visitor reads them: in their own time zone, named, or in UTC said so
// (the server knows no zone until the browser sends one; a page without JavaScript gets UTC).

/**
 * The zone as the browser named it ("UTC" for every spelling of UTC), or null if the runtime doesn't
 * know it. Not canonicalised: ICU would turn the visitor's "Asia/Kolkata" into "Asia/Calcutta".
 */
export function validTimeZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
  } catch {
    return null;
  }
  return /^(Etc\/)?(UTC|GMT|Universal|Zulu|UCT)([+-]?0)?$/i.test(zone) ? "UTC" : zone;
}

/** "UTC", or the zone's name as people write it: "Asia/Kolkata", "America/New York". */
export function zoneLabel(zone: string): string {
  return zone === "UTC" ? "UTC" : zone.replace(/_/g, " ");
}

function parts(d: Date, zone: string) {
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short" }).format(d);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
  // en-CA writes dates as YYYY-MM-DD: the day's key in that zone.
  const key = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  return { day, time, key };
}

/** "Tue 14 Jan, 14:30 UTC" or "Tue 14 Jan, 20:00 (Asia/Kolkata)". An unknown zone falls back to UTC. */
export function formatSlot(d: Date, timeZone = "UTC"): string {
  const zone = validTimeZone(timeZone) ?? "UTC";
  const { day, time } = parts(d, zone);
  return zone === "UTC" ? `${day}, ${time} UTC` : `${day}, ${time} (${zoneLabel(zone)})`;
}

export type SlotDay = { value: string; label: string; times: { value: string; label: string }[] };

/**
 * Slot starts (ISO instants) grouped by their day in `zone`: "Today, Wed 14 Jan" → 20:00, 20:30, …
 * Each time's value is the instant itself, so what is booked is exactly what was shown.
 */
export function slotDays(slots: string[], zone: string, now: Date): SlotDay[] {
  const today = parts(now, zone).key;
  const tomorrow = parts(new Date(now.getTime() + 86_400_000), zone).key;
  const days = new Map<string, SlotDay>();
  for (const iso of slots) {
    const p = parts(new Date(iso), zone);
    let day = days.get(p.key);
    if (!day) {
      const prefix = p.key === today ? "Today, " : p.key === tomorrow ? "Tomorrow, " : "";
      day = { value: p.key, label: `${prefix}${p.day}`, times: [] };
      days.set(p.key, day);
    }
    day.times.push({ value: iso, label: p.time });
  }
  return [...days.values()];
}
