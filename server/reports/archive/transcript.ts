// A session's transcript as a file: plain text for people, JSON for programs. For staff with
// sessions.read of the session's org (they audit the whole archive, as the replay shows it): room
// lines and private ones (prompts, sidebars), the private ones marked. Times in the org's zone.
import "server-only";
import { ROOM_STREAM } from "../../../lib/session-events";
import { db } from "../../db";
import { AppError } from "../../errors";
import { isValidTimeZone } from "../range";

export interface TranscriptEvent {
  at: string;
  stream: string;
  seq: number;
  type: string;
  private: boolean;
  actor: string | null;
  text: string | null;
  url: string | null;
}

export interface Transcript {
  session: {
    id: string;
    title: string;
    kind: string;
    startedAt: string;
    endedAt: string | null;
    endReason: string | null;
    disposition: string | null;
    tags: string[];
  };
  timeZone: string;
  participants: { id: string; role: string; name: string; joinedAt: string; leftAt: string | null }[];
  events: TranscriptEvent[];
}

const stampFormatters = new Map<string, Intl.DateTimeFormat>();
/** "2026-03-01 14:05:09" on the wall clock of `tz`. */
export function localStamp(t: Date, tz: string): string {
  let f = stampFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    stampFormatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(t)) p[type] = value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * Another org's session answers NOT_FOUND exactly like a missing one, and so does a live one: the
 * archive holds ended sessions, and a live room's private lines are for its own seats.
 */
export async function sessionTranscript(org: { id: string; timeZone: string }, sessionId: string): Promise<Transcript> {
  const s = await db.session.findFirst({
    where: { id: sessionId, orgId: org.id, status: "ENDED" },
    select: {
      id: true,
      title: true,
      kind: true,
      startedAt: true,
      endedAt: true,
      endReason: true,
      disposition: true,
      tags: true,
      participants: { orderBy: { joinedAt: "asc" }, select: { id: true, role: true, displayName: true, joinedAt: true, leftAt: true } },
      events: {
        orderBy: { id: "asc" },
        select: { stream: true, seq: true, type: true, actorParticipantId: true, payload: true, createdAt: true },
      },
    },
  });
  if (!s) throw new AppError("NOT_FOUND", "Session not found.");
  const tz = isValidTimeZone(org.timeZone) ? org.timeZone : "UTC";
  const names = new Map(s.participants.map((p) => [p.id, p.displayName]));
  return {
    session: {
      id: s.id,
      title: s.title,
      kind: s.kind,
      startedAt: s.startedAt.toISOString(),
      endedAt: s.endedAt?.toISOString() ?? null,
      endReason: s.endReason,
      disposition: s.disposition,
      tags: s.tags,
    },
    timeZone: tz,
    participants: s.participants.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.displayName,
      joinedAt: p.joinedAt.toISOString(),
      leftAt: p.leftAt?.toISOString() ?? null,
    })),
    events: s.events.map((e) => {
      const payload = (e.payload ?? {}) as Record<string, unknown>;
      return {
        at: e.createdAt.toISOString(),
        stream: e.stream,
        seq: e.seq,
        type: e.type,
        private: e.stream !== ROOM_STREAM,
        actor: e.actorParticipantId ? (names.get(e.actorParticipantId) ?? null) : null,
        text: typeof payload.text === "string" ? payload.text : typeof payload.reason === "string" ? payload.reason : null,
        url: typeof payload.url === "string" ? payload.url : null,
      };
    }),
  };
}

function line(e: TranscriptEvent): string | null {
  const who = e.actor ?? "Someone";
  const mark = e.private ? " (private)" : "";
  switch (e.type) {
    case "chat":
    case "sidebar.chat":
      return `${who}${mark}: ${e.text ?? ""}`;
    case "prompt":
      return `${who} (prompt to the leader, private): ${e.text ?? ""}`;
    case "navigate":
      return `${who} led to ${e.url ?? "a page"}`;
    case "popup.sent":
      return `${who} sent a pop-up window: ${e.url ?? "a page"}`;
    case "popup.opened":
      return `${who} opened the pop-up`;
    case "annotation":
      return `${who} drew on the shared page`;
    case "participant.joined":
      return `${who} joined`;
    case "participant.left":
      return `${who} left`;
    case "session.started":
      return "Session started";
    case "session.ended":
      return `Session ended${e.text ? `: ${e.text}` : ""}`;
    case "baton.passed":
      return `${who} passed the lead`;
    case "session.transferred":
      return `${who} transferred the session`;
    case "sidebar.opened":
      return `${who} opened a private sidebar`;
    case "sidebar.closed":
      return `${who} closed a private sidebar`;
    default:
      return null;
  }
}

/** The transcript as text: a header, then one line per event worth reading, stamped in the org's zone. */
export function transcriptText(t: Transcript): string {
  const tz = t.timeZone;
  const head = [
    `Session ${t.session.id}${t.session.title ? ` · ${t.session.title}` : ""}`,
    `Started ${localStamp(new Date(t.session.startedAt), tz)}${t.session.endedAt ? `, ended ${localStamp(new Date(t.session.endedAt), tz)}` : ""} (${tz})`,
    `People: ${t.participants.map((p) => `${p.name} (${p.role.toLowerCase()})`).join(", ") || "none"}`,
  ];
  if (t.session.disposition)
    head.push(`Outcome: ${t.session.disposition}${t.session.tags.length ? ` · tags: ${t.session.tags.join(", ")}` : ""}`);
  const body = t.events.flatMap((e) => {
    const l = line(e);
    return l === null ? [] : [`[${localStamp(new Date(e.at), tz)}] ${l}`];
  });
  return [...head, "", ...body, ""].join("\n");
}
