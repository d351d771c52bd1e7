// The archive explorer's list as CSV: the same filters as the page, every matching session (up to
// MAX_CSV_ROWS, then a last line saying the list was cut), seconds as integers and times in the org's zone so a spreadsheet sorts them.
import "server-only";
import { toCsv, type CsvCell } from "../../../lib/csv";
import { archiveListForCsv, DISPOSITION_LABELS, MAX_CSV_ROWS, type ArchiveFilterInput } from "./search";
import { localStamp } from "./transcript";

export async function archiveCsv(
  org: { id: string; timeZone: string; slug: string },
  input: ArchiveFilterInput,
  maxRows = MAX_CSV_ROWS,
): Promise<{ filename: string; csv: string; truncated: boolean }> {
  const { rows, truncated } = await archiveListForCsv(org, input, maxRows);
  const out: CsvCell[][] = [
    [
      `started (${org.timeZone})`,
      "session_id",
      "duration_sec",
      "wait_sec",
      "agents",
      "visitor",
      "visitor_email",
      "launcher",
      "scenario",
      "outcome",
      "end_reason",
      "chat_lines",
      "rating",
      "rating_scale",
      "rating_answers",
    ],
  ];
  for (const r of rows) {
    out.push([
      localStamp(r.startedAt, org.timeZone),
      r.sessionId,
      r.durationSec,
      r.waitSec,
      r.agentNames,
      r.visitorName,
      r.visitorEmail,
      r.launcherName,
      r.scenarioName,
      r.disposition ? DISPOSITION_LABELS[r.disposition] : null,
      r.endReason,
      r.chatLines,
      r.rating === null ? null : Math.round(r.rating * 100) / 100,
      r.ratingScale === "STARS" ? "stars 1-5" : r.ratingScale === "THUMBS" ? "thumbs 1/0" : null,
      r.ratingCount,
    ]);
  }
  // A cut list says so in the file itself: a spreadsheet shows no response header.
  if (truncated) out.push([`More sessions match: this file holds the newest ${maxRows} only. Narrow the dates or filters for the rest.`]);
  return { filename: `isession-${org.slug}-sessions-${input.from}-to-${input.to}.csv`, csv: toCsv(out), truncated };
}
