// Schedule times in the visitor's own time zone (issue 12, item 17): the form's days and times, the
// booked time and the email, named; UTC, said so, when no zone is known.
import { describe, expect, it } from "vitest";
import { formatSlot, slotDays, validTimeZone } from "../../lib/slot-time";
import { availableSlots } from "../../server/queue/schedule";

describe("slot times in the visitor's zone", () => {
  it("formats a slot in a named zone, and in UTC (said so) for none, UTC or an unknown zone", () => {
    const d = new Date("2026-01-14T09:00:00Z");
    expect(formatSlot(d, "Asia/Kolkata")).toBe("Wed 14 Jan, 14:30 (Asia/Kolkata)");
    expect(formatSlot(d, "America/New_York")).toBe("Wed 14 Jan, 04:00 (America/New York)");
    expect(formatSlot(d)).toBe("Wed 14 Jan, 09:00 UTC");
    expect(formatSlot(d, "Etc/UTC")).toBe("Wed 14 Jan, 09:00 UTC");
    expect(formatSlot(d, "Mars/Olympus_Mons")).toBe("Wed 14 Jan, 09:00 UTC");
    expect(validTimeZone("<script>")).toBeNull();
    expect(validTimeZone("x".repeat(65))).toBeNull();
  });

  it("groups the offered slots by the visitor's own day, each time's value being the UTC instant", () => {
    // 20:19 UTC on 14 Jan is 01:49 on 15 Jan in Kolkata: the first slot (20:30 UTC) is 02:00 there, "Today".
    const now = new Date("2026-01-14T20:19:00Z");
    const slots = availableSlots(now).map((s) => s.toISOString());
    const days = slotDays(slots, "Asia/Kolkata", now);
    expect(days[0]).toMatchObject({ value: "2026-01-15", label: "Today, Thu 15 Jan" });
    expect(days[0]!.times[0]).toEqual({ value: "2026-01-14T20:30:00.000Z", label: "02:00" });
    expect(days[1]).toMatchObject({ value: "2026-01-16", label: "Tomorrow, Fri 16 Jan" });
    expect(days[1]!.times.find((t) => t.label === "09:00")?.value).toBe("2026-01-16T03:30:00.000Z");
    // Every offered slot appears once, in order.
    expect(days.flatMap((d) => d.times.map((t) => t.value))).toEqual(slots);
    // In UTC the days are the UTC dates.
    expect(slotDays(slots, "UTC", now)[0]).toMatchObject({ value: "2026-01-14", label: "Today, Wed 14 Jan" });
  });
});
