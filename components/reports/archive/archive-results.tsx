// The archive explorer's result list: a table on wide screens, stacked rows on a phone. Every row
// opens the session's replay and its transcript (text, JSON). Times arrive already formatted in the
// org's zone by the page.
import Link from "next/link";
import { Table, Td } from "@/components/ui/table";

export interface ArchiveListRow {
  sessionId: string;
  started: string;
  duration: string;
  wait: string;
  agents: string;
  visitor: string;
  launcher: string;
  outcome: string;
  /** The satisfaction survey's answers (docs/surveys.md), "–" when none. */
  rating: string;
  replayHref: string;
  textHref: string;
  jsonHref: string;
}

const COLUMNS: { key: keyof ArchiveListRow; label: string; numeric?: boolean }[] = [
  { key: "started", label: "Started" },
  { key: "duration", label: "Duration", numeric: true },
  { key: "wait", label: "Wait", numeric: true },
  { key: "agents", label: "Agent" },
  { key: "visitor", label: "Visitor" },
  { key: "launcher", label: "Launcher" },
  { key: "outcome", label: "Outcome" },
  { key: "rating", label: "Rating" },
];

function Actions({ row }: { row: ArchiveListRow }) {
  return (
    <span className="flex flex-wrap gap-x-3 gap-y-1">
      <Link href={row.replayHref} className="font-medium text-brand-700 underline">
        Replay
      </Link>
      <a href={row.textHref} className="text-brand-700 underline" aria-label={`Transcript of the session started ${row.started}, as text`}>
        Text
      </a>
      <a href={row.jsonHref} className="text-brand-700 underline" aria-label={`Transcript of the session started ${row.started}, as JSON`}>
        JSON
      </a>
    </span>
  );
}

export function ArchiveResults({ rows, timeZone }: { rows: ArchiveListRow[]; timeZone: string }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
        No ended sessions match. Widen the dates or clear a filter.
      </p>
    );
  }
  return (
    <>
      <ul className="divide-y divide-slate-100 rounded-2xl border border-slate-200 bg-white md:hidden" aria-label="Sessions">
        {rows.map((r) => (
          <li key={r.sessionId} className="space-y-1 p-3 text-sm" data-session-id={r.sessionId}>
            <p className="flex justify-between gap-2">
              <span className="font-medium">{r.visitor}</span>
              <span className="text-slate-500 tabular-nums">{r.started}</span>
            </p>
            <p className="text-slate-600">
              {r.agents} · {r.duration} · waited {r.wait}
            </p>
            <p className="text-slate-500">
              {r.launcher} · {r.outcome}
              {r.rating !== "–" ? ` · rated ${r.rating}` : ""}
            </p>
            <Actions row={r} />
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <Table
          caption={`Sessions, newest first; times in ${timeZone}`}
          head={[
            ...COLUMNS.map((c) => c.label),
            <span key="open" className="sr-only">
              Open
            </span>,
          ]}
          numeric={[...COLUMNS.map((c) => Boolean(c.numeric)), false]}
          width="fit"
        >
          {rows.map((r) => (
            <tr key={r.sessionId} data-session-id={r.sessionId}>
              {COLUMNS.map((c) => (
                <Td
                  key={c.label}
                  className={`${c.numeric ? "text-right tabular-nums" : ""} ${c.key === "started" ? "whitespace-nowrap tabular-nums" : ""}`}
                >
                  {r[c.key]}
                </Td>
              ))}
              <Td>
                <Actions row={r} />
              </Td>
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}
