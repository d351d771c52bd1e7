"use client";
// The attendance page's lists: events of the range (each opens its attendees) and one event's
// attendees with a chart of minutes present, their CSV and a certificate link per person.
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ReportCard } from "@/components/reports/report-card";
import { Table, Td } from "@/components/ui/table";
import { toCsv } from "@/lib/csv";

export interface EventItem {
  sessionId: string;
  kind: string;
  title: string;
  started: string;
  durationMinutes: number | null;
  people: number;
  personMinutes: number;
  href: string;
}

export interface AttendeeItem {
  person: string;
  name: string;
  role: string;
  staff: boolean;
  joined: string;
  left: string;
  seats: number;
  minutes: number;
  sharePercent: number;
  certificateHref: string;
}

function downloadCsv(filename: string, rows: (string | number | null)[][]) {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `${filename}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

const KIND: Record<string, string> = { COLLABORATION: "Collaboration", AUDITORIUM: "Auditorium" };

export function EventList({
  events,
  filename,
  olderHref,
  selected,
}: {
  events: EventItem[];
  filename: string;
  olderHref: string | null;
  selected?: string;
}) {
  return (
    <section aria-labelledby="attendance-events" className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="attendance-events" className="text-base font-semibold">
            Events
          </h2>
          <p className="mt-0.5 text-sm text-slate-500">
            Collaboration rooms and auditorium events, newest first. Open one for who attended.
          </p>
        </div>
        <button
          type="button"
          disabled={events.length === 0}
          onClick={() =>
            downloadCsv(filename, [
              ["session_id", "kind", "title", "started", "duration_minutes", "people", "person_minutes"],
              ...events.map((e) => [e.sessionId, e.kind, e.title, e.started, e.durationMinutes, e.people, e.personMinutes]),
            ])
          }
          className="h-8 rounded-md border border-slate-300 px-3 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:text-slate-400"
        >
          CSV
        </button>
      </div>
      {events.length === 0 ? (
        <p className="mt-6 mb-4 text-center text-sm text-slate-500">No collaboration or auditorium sessions in this range.</p>
      ) : (
        <div className="mt-4">
          <Table width="fit" caption="Events" head={["Event", "Started", "Minutes", "People", "Person-minutes"]} alignRight={3}>
            {events.map((e) => (
              <tr key={e.sessionId} className={e.sessionId === selected ? "bg-brand-50" : undefined}>
                <Td>
                  <Link
                    href={e.href}
                    className="font-medium text-brand-700 underline"
                    aria-current={e.sessionId === selected ? "true" : undefined}
                  >
                    {e.title}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">{KIND[e.kind] ?? e.kind}</span>
                </Td>
                <Td className="whitespace-nowrap">{e.started}</Td>
                <Td className="text-right tabular-nums">{e.durationMinutes ?? "live"}</Td>
                <Td className="text-right tabular-nums">{e.people}</Td>
                <Td className="text-right tabular-nums">{Math.round(e.personMinutes)}</Td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {olderHref ? (
        <p className="mt-3 text-right text-sm">
          <Link href={olderHref} className="text-brand-700 underline">
            Older events
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function Attendees({ title, attendees, filename }: { title: string; attendees: AttendeeItem[]; filename: string }) {
  const rows = attendees.map((a) => ({
    name: a.name,
    role: a.staff ? `${a.role} (staff)` : a.role,
    joined: a.joined,
    left: a.left,
    seats: a.seats,
    minutes_present: a.minutes,
    share_percent: a.sharePercent,
  }));
  return (
    <>
      <ReportCard
        title={`Who attended: ${title}`}
        description="First join and last leave in your time zone; minutes present count a rejoin once and never overlap."
        columns={[
          { key: "name", label: "Name" },
          { key: "role", label: "Role" },
          { key: "joined", label: "Joined" },
          { key: "left", label: "Left" },
          { key: "seats", label: "Seats", numeric: true },
          { key: "minutes_present", label: "Minutes present", numeric: true },
          { key: "share_percent", label: "Share of event %", numeric: true },
        ]}
        rows={rows}
        filename={filename}
        emptyText="Nobody attended."
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={attendees.slice(0, 60)} maxBarSize={40} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} unit="%" domain={[0, 100]} />
              <Tooltip />
              <Bar dataKey="sharePercent" name="Share of event %" fill="#3b82f6" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        }
      />
      {attendees.length > 0 ? (
        <section aria-labelledby="attendance-certificates" className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
          <h2 id="attendance-certificates" className="text-base font-semibold">
            Certificates of attendance
          </h2>
          <ul className="mt-3 flex flex-wrap gap-2">
            {attendees.map((a) => (
              <li key={a.person}>
                <a
                  href={a.certificateHref}
                  className="inline-block rounded-md border border-slate-300 px-3 py-1.5 text-sm text-brand-700 hover:bg-slate-50"
                >
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
