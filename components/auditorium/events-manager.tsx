"use client";
// Staff's "Events" page (/manager/events): auditorium events of the org. Create one now (you are
// seated as its producer and go in) or for later (its link says when it starts), start a scheduled
// one, open a live one as producer, and read attendance (figures and a CSV of join/leave per seat).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CopyField, QueryState } from "@/components/dashboard/ui";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { useNotice } from "@/components/ui/use-notice";
import { LocalTime } from "@/components/viewer/local-time";
import { useTRPC, useTRPCClient } from "@/lib/trpc";

const STATE_LABEL = { scheduled: "Scheduled", live: "Live", ended: "Ended" } as const;
const STATE_TONE = {
  scheduled: "bg-sky-50 text-sky-800",
  live: "bg-emerald-50 text-emerald-800",
  ended: "bg-slate-100 text-slate-600",
} as const;

export function EventsManager({ orgId, origin }: { orgId: string; origin: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const list = useQuery(trpc.auditorium.list.queryOptions({ orgId }, { refetchInterval: 10_000 }));
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.auditorium.list.queryKey({ orgId }) });
  const go = (sessionId: string) => router.push(`/s/${encodeURIComponent(sessionId)}?back=/manager/events`);

  const [when, setWhen] = useState<"now" | "later">("now");
  const { notice, fail, failed, clear } = useNotice();
  const error = notice?.text;
  const create = useMutation(
    trpc.auditorium.create.mutationOptions({
      onSuccess: (r) => {
        clear();
        refresh();
        if (r.sessionId) go(r.sessionId);
      },
      onError: failed,
    }),
  );
  const start = useMutation(trpc.auditorium.start.mutationOptions({ onSuccess: (r) => go(r.sessionId), onError: failed }));
  const produce = useMutation(trpc.auditorium.produce.mutationOptions({ onSuccess: (r) => go(r.sessionId), onError: failed }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const local = String(f.get("startsAt") ?? "");
    const seats = String(f.get("maxAttendees") ?? "").trim();
    // datetime-local is the browser's own zone: converted to an instant here, where that zone is known.
    const startsAt = when === "later" && local ? new Date(local).toISOString() : null;
    if (when === "later" && !startsAt) return fail("Pick the day and time the event starts.");
    create.mutate({ orgId, title: String(f.get("title") ?? ""), startsAt, maxAttendees: seats ? Number(seats) : null });
  };

  const download = async (auditoriumId: string) => {
    try {
      const { filename, csv } = await client.auditorium.attendanceCsv.query({ orgId, auditoriumId });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: filename });
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      failed(e);
    }
  };

  return (
    <div className="space-y-5">
      <Card title="New event" id="new-event">
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" aria-describedby="new-event-help">
          <div className="sm:col-span-2">
            <TextInput id="event-title" name="title" label="Title" required maxLength={120} placeholder="Product launch" />
          </div>
          <fieldset className="space-y-2 sm:col-span-2">
            <legend className="text-sm font-medium text-slate-700">When</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              <label className="inline-flex min-h-11 items-center gap-2">
                <input type="radio" name="when" value="now" checked={when === "now"} onChange={() => setWhen("now")} /> Start now (you
                produce it)
              </label>
              <label className="inline-flex min-h-11 items-center gap-2">
                <input type="radio" name="when" value="later" checked={when === "later"} onChange={() => setWhen("later")} /> Schedule for
                later
              </label>
            </div>
          </fieldset>
          {when === "later" ? (
            <TextInput id="event-starts" name="startsAt" type="datetime-local" label="Starts at (your time)" required />
          ) : null}
          <TextInput
            id="event-seats"
            name="maxAttendees"
            type="number"
            min={1}
            label="Seats"
            optional
            hint="Leave empty for the auditorium scenario's limit."
          />
          <div className="flex items-end sm:col-span-2">
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : when === "now" ? "Create and go live" : "Schedule event"}
            </Button>
          </div>
          <p id="new-event-help" className="text-xs text-slate-500 sm:col-span-2">
            Everyone with the event&apos;s link can join as an attendee, with just a name. A scheduled link says when the event starts until
            you start it here.
          </p>
        </form>
        {error ? (
          <div className="mt-3">
            <FormAlert>{error}</FormAlert>
          </div>
        ) : null}
      </Card>

      <section aria-labelledby="events-title">
        <h2 id="events-title" className="mb-2 text-base font-semibold">
          Events
        </h2>
        <QueryState query={list} isEmpty={list.data?.length === 0} empty="No events yet. Create one above.">
          <ul className="space-y-3">
            {list.data?.map((ev) => (
              <li key={ev.id} className="rounded-2xl border border-slate-200 bg-white p-4" data-event-id={ev.id}>
                <div className="flex flex-wrap items-baseline gap-2">
                  <h3 className="min-w-0 text-base font-semibold [overflow-wrap:anywhere]">{ev.title}</h3>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_TONE[ev.state]}`}>{STATE_LABEL[ev.state]}</span>
                  <span className="text-sm text-slate-500">
                    {ev.state === "scheduled" && ev.scheduledFor ? (
                      <>
                        starts <LocalTime iso={new Date(ev.scheduledFor).toISOString()} withDate />
                      </>
                    ) : ev.startedAt ? (
                      <>
                        started <LocalTime iso={new Date(ev.startedAt).toISOString()} withDate />
                      </>
                    ) : null}
                  </span>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {ev.state === "live" ? `${ev.present.toLocaleString()} watching now · ` : ""}peak {ev.peak.toLocaleString()} ·{" "}
                  {ev.maxAttendees.toLocaleString()} seats
                </p>
                {ev.state !== "ended" ? (
                  <div className="mt-3">
                    <CopyField id={`link-${ev.id}`} label="Public join link" value={`${origin}${ev.joinPath}`} />
                  </div>
                ) : null}
                <div className="mt-3 flex flex-wrap gap-2">
                  {ev.state === "scheduled" ? (
                    <Button onClick={() => start.mutate({ orgId, auditoriumId: ev.id })} disabled={start.isPending}>
                      Start now
                    </Button>
                  ) : null}
                  {ev.state === "live" ? (
                    <Button onClick={() => produce.mutate({ orgId, auditoriumId: ev.id })} disabled={produce.isPending}>
                      Open as producer
                    </Button>
                  ) : null}
                  {ev.state !== "scheduled" ? (
                    <Button variant="secondary" onClick={() => void download(ev.id)}>
                      Attendance (CSV)
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </QueryState>
      </section>
    </div>
  );
}
