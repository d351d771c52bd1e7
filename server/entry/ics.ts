// A calendar invitation (RFC 5545 iCalendar, one VEVENT) for a scheduled session: CRLF line ends,
// lines folded at 75 octets, text values escaped, times in UTC.
import "server-only";

export type IcsEvent = {
  uid: string;
  start: Date;
  durationMin: number;
  summary: string;
  description: string;
  url: string;
  organizerName?: string;
  now?: Date;
};

/** 20260115T143000Z */
export function icsDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function icsText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Folds a content line into 75-octet pieces (continuations start with a space), never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines carry a leading space
    if (bytes + n > limit) {
      out.push(current);
      current = "";
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function buildIcs(e: IcsEvent): string {
  const end = new Date(e.start.getTime() + e.durationMin * 60_000);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//iSession//Scheduled session//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `DTSTAMP:${icsDate(e.now ?? new Date())}`,
    `DTSTART:${icsDate(e.start)}`,
    `DTEND:${icsDate(end)}`,
    `SUMMARY:${icsText(e.summary)}`,
    `DESCRIPTION:${icsText(e.description)}`,
    `URL:${e.url}`,
    `LOCATION:${icsText(e.url)}`,
    ...(e.organizerName ? [`X-ISESSION-ORG:${icsText(e.organizerName)}`] : []),
    "STATUS:CONFIRMED",
    "SEQUENCE:0",
    "TRANSP:OPAQUE",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    `DESCRIPTION:${icsText(e.summary)}`,
    "TRIGGER:-PT10M",
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export type IcsComponent = { name: string; props: Map<string, string>; children: IcsComponent[] };

/**
 * Reads an iCalendar text back (unfolding, BEGIN/END nesting, NAME[;params]:value) and checks the
 * framing rules buildIcs promises: CRLF line ends and no line over 75 octets. Throws on anything else.
 */
export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith("\r\n") || /(?<!\r)\n/.test(text) || /\r(?!\n)/.test(text)) throw new Error("lines must end with CRLF");
  const physical = text.slice(0, -2).split("\r\n");
  for (const line of physical) if (Buffer.byteLength(line) > 75) throw new Error(`line over 75 octets: ${line}`);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (logical.length === 0) throw new Error("continuation before the first line");
      logical[logical.length - 1] += line.slice(1);
    } else logical.push(line);
  }
  const root: IcsComponent = { name: "", props: new Map(), children: [] };
  const stack = [root];
  for (const line of logical) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`not a content line: ${line}`);
    const name = line.slice(0, colon).split(";")[0]!.toUpperCase();
    const value = line.slice(colon + 1);
    const top = stack[stack.length - 1]!;
    if (name === "BEGIN") {
      const c: IcsComponent = { name: value.toUpperCase(), props: new Map(), children: [] };
      top.children.push(c);
      stack.push(c);
    } else if (name === "END") {
      if (top.name !== value.toUpperCase()) throw new Error(`END:${value} closes ${top.name}`);
      stack.pop();
    } else top.props.set(name, value);
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new Error("unbalanced BEGIN/END");
  return root.children[0]!;
}

/** Undoes icsText. */
export function icsUnescape(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === "n" || c === "N" ? "\n" : c));
}
