// CSV for downloads, shared by the server (statements, attendance) and the report pages' buttons.
// RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs it as a formula.
export type CsvCell = string | number | null;

export function csvField(value: CsvCell): string {
  let s = value === null ? "" : String(value);
  // A signed number ("-25%", "+3", "-1.5") is data, not a formula: spreadsheets read it as a number.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?%?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: CsvCell[][]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
