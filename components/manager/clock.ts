// Durations on the live monitor tick every second in the server's time, not the browser's.
import { useEffect, useState } from "react";

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(r).padStart(2, "0")}s`;
  return `${r}s`;
}

/** A clock in the server's time: the offset is taken from each fetch, so durations don't drift with the browser's clock. */
export function useServerClock(serverNow: Date | undefined, fetchedAt: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const skew = serverNow ? new Date(serverNow).getTime() - fetchedAt : 0;
  return now + skew;
}
