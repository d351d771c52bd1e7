// How the archive list writes lengths of time: short, unambiguous, the same on every row.
export function formatSeconds(sec: number | null): string {
  if (sec === null) return "–";
  if (sec < 60) return `${sec} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min ${sec % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, "0")} min`;
}
