"use client";
// "Starts in 2 h 15 min": ticks every 15 s and reloads the page when the link opens.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

function describe(ms: number): string {
  const min = Math.max(1, Math.ceil(ms / 60_000));
  if (min < 60) return `${min} minute${min === 1 ? "" : "s"}`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.round(h / 24)} days`;
}

export function Countdown({ opensAt, initialNow }: { opensAt: string; initialNow: number }) {
  const router = useRouter();
  const [now, setNow] = useState(initialNow);
  const opens = new Date(opensAt).getTime();
  useEffect(() => {
    const id = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= opens) {
        clearInterval(id);
        router.refresh();
      }
    }, 15_000);
    return () => clearInterval(id);
  }, [opens, router]);
  return <span className="tabular-nums">{describe(opens - now)}</span>;
}
