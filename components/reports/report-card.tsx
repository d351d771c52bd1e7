"use client";
// One report figure: a title, the chart people look at, and the same numbers as a table and a CSV
// download beside it (screen readers and spreadsheets get the table; nobody has to read a chart).
import { useId, useState, type ReactNode } from "react";
import { toCsv, type CsvCell } from "@/lib/csv";
import { Table, Td } from "@/components/ui/table";

export interface ReportColumn {
  key: string;
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export function ReportCard({
  title,
  description,
  columns,
  rows,
  filename,
  chart,
  emptyText = "No data in this range.",
  tableFirst = false,
}: {
  title: string;
  description?: ReactNode;
  columns: ReportColumn[];
  rows: Record<string, CsvCell>[];
  /** The CSV's file name, without ".csv". */
  filename: string;
  /** The chart; omitted for table-only figures. */
  chart?: ReactNode;
  emptyText?: string;
  /** Show the table instead of the chart until the reader switches. */
  tableFirst?: boolean;
}) {
  const [showTable, setShowTable] = useState(tableFirst || !chart);
  const headingId = useId();

  function download() {
    const csv = toCsv([columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => r[c.key] ?? null))]);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${filename}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-labelledby={headingId} className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
        </div>
        <div className="flex gap-2">
          {chart ? (
            <button
              type="button"
              onClick={() => setShowTable((v) => !v)}
              className="h-8 rounded-md border border-slate-300 px-3 text-xs font-medium text-slate-700 hover:bg-slate-50"
              aria-pressed={showTable}
            >
              {showTable ? "Chart" : "Table"}
            </button>
          ) : null}
          <button
            type="button"
            onClick={download}
            disabled={rows.length === 0}
            className="h-8 rounded-md border border-slate-300 px-3 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:text-slate-400"
          >
            CSV
          </button>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="mt-6 mb-4 text-center text-sm text-slate-500">{emptyText}</p>
      ) : (
        <>
          {chart && !showTable ? (
            <div className="mt-4 h-64 w-full" aria-hidden="true">
              {chart}
            </div>
          ) : null}
          <div className={chart && !showTable ? "sr-only" : "mt-4"}>
            <Table
              caption={title}
              head={columns.map((c) => c.label)}
              numeric={columns.map((c) => Boolean(c.numeric))}
              width="fit"
              framed={false}
              maxHeight="max-h-96"
            >
              {rows.map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <Td key={c.key} className={c.numeric ? "text-right tabular-nums" : ""}>
                      {r[c.key] ?? "–"}
                    </Td>
                  ))}
                </tr>
              ))}
            </Table>
          </div>
        </>
      )}
    </section>
  );
}
