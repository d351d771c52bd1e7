// Dates on the attendance pages, in the org's time zone.
export function formatInZone(d: Date | null, timeZone: string, style: "datetime" | "date" | "time" = "datetime"): string {
  if (!d) return "";
  const opts: Intl.DateTimeFormatOptions =
    style === "date" ? { dateStyle: "long" } : style === "time" ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat("en-GB", { ...opts, timeZone }).format(d);
}
