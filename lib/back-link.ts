// "Back" on the replay and the read-only transcript: to where the reader came from (a `back` query
// parameter set by the link they followed), checked to be a path on this site.
import { localPath } from "./local-path";

const LABELS: [RegExp, string][] = [
  [/^\/agent(?:[/?#]|$)/, "Agent console"],
  [/^\/manager\/sessions(?:[/?#]|$)/, "Sessions"],
  [/^\/manager(?:[/?#]|$)/, "Live monitor"],
  [/^\/dashboard(?:[/?#]|$)/, "Dashboard"],
  [/^\/s\/[^/?#]+(?:[?#]|$)/, "Transcript"],
];

export function backLink(back: unknown, fallback = "/app"): { href: string; label: string } {
  const href = localPath(back, fallback);
  return { href, label: LABELS.find(([re]) => re.test(href))?.[1] ?? "Back" };
}

/** A link to `path` that brings the reader back to `from`. */
export function withBack(path: string, from: string): string {
  return `${path}?back=${encodeURIComponent(from)}`;
}

/** Titles made before sessions were named for people end with the start time in UTC; the pages show times in one format of their own. */
export function sessionHeading(title: string): string {
  return title.replace(/ · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/, "");
}
