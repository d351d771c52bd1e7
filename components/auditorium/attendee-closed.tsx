// What an attendee sees once they are no longer in the event: it ended, they left, or the producer
// removed them. No transcript list of the audience, no way back in for a removed seat.
import Link from "next/link";

const COPY = {
  ended: { heading: "The event has ended", body: "Thank you for watching. You can close this window." },
  left: { heading: "You left the event", body: "You can join again with the event's link while it is on." },
  removed: { heading: "You were removed from this event", body: "The producer removed you from the audience, so you can't rejoin it." },
} as const;

export function AttendeeClosed({ title, reason, message }: { title: string; reason: keyof typeof COPY; message?: string | null }) {
  const c = COPY[reason];
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 p-4">
      <section
        role="status"
        className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 text-center shadow-sm"
        data-attendee-closed={reason}
      >
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title || "Live event"}</p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">{c.heading}</h1>
        <p className="mt-2 text-sm text-slate-600">
          {reason === "ended" && message && message !== "The event has ended." ? `${message} ${c.body}` : c.body}
        </p>
        <Link
          href="/"
          className="ring-brand-200 mt-5 inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-medium text-brand-700 ring-1 hover:bg-brand-50"
        >
          Close
        </Link>
      </section>
    </main>
  );
}
