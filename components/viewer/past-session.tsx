// The read-only transcript of a session that ended (or that the reader left): rendered on the
// server, so it reads the same with or without JavaScript. Staff who audit see private lines too,
// marked, and a link to the replay. A visitor's way out is the client's, as after the live session
// (./visitor-exit.tsx): the client's name and colour, Close back to their page, never our home page.
import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { sessionHeading, withBack } from "@/lib/back-link";
import { LocalTime } from "./local-time";
import { SurveyCard } from "./survey-card";
import { Transcript } from "./transcript";
import type { ViewParticipant } from "./types";
import { ExitButton, type VisitorExit } from "./visitor-exit";
import type { WireEvent } from "@/lib/session-events";

export type PastSessionData = {
  session: { id: string; title: string; status: "ACTIVE" | "ENDED"; startedAt: Date; endedAt: Date | null };
  me: { id: string; leftAt: Date | null } | null;
  staff: boolean;
  audit: boolean;
  /** Those who are not staff: the way back to the client (null for staff, who go `back`). */
  exit: VisitorExit | null;
  /** Staff only (empty for anyone else): each visitor's IP address and time of entry. */
  visitorEntries?: { participantId: string; name: string; clientAddress: string | null; at: Date }[];
  participants: ViewParticipant[];
  events: WireEvent[];
};

export function PastSession({ past, back }: { past: PastSessionData; back: { href: string; label: string } }) {
  const { session } = past;
  const ended = session.status === "ENDED" && session.endedAt;
  const path = `/s/${encodeURIComponent(session.id)}`;
  const heading = sessionHeading(session.title);
  // The title names the business (and the agent): the client's name is then not said twice.
  const named = past.exit !== null && heading.includes(past.exit.orgName);
  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-2 sm:px-4">
        {past.exit ? (
          named ? null : (
            <p className="shrink-0 text-base font-semibold" style={{ color: past.exit.brandColor }}>
              {past.exit.orgName}
            </p>
          )
        ) : (
          <span className="hidden sm:block">
            <Logo href={back.href} />
          </span>
        )}
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold" style={past.exit ? { color: past.exit.brandColor } : undefined}>
            {heading}
          </h1>
          <p role="status" className="text-sm text-slate-600">
            {ended ? (
              <>
                This session ended at <LocalTime iso={session.endedAt!.toISOString()} withDate />.
              </>
            ) : past.me?.leftAt ? (
              <>
                You left this session at <LocalTime iso={past.me.leftAt.toISOString()} withDate />.
              </>
            ) : null}{" "}
            Started <LocalTime iso={session.startedAt.toISOString()} withDate />. Read-only transcript.
          </p>
          {past.staff && past.visitorEntries?.length ? (
            <ul aria-label="Visitor entries" className="text-xs text-slate-500" data-testid="entry-stamps">
              {past.visitorEntries.map((v) => (
                <li key={v.participantId}>
                  {v.name} entered <LocalTime iso={v.at.toISOString()} withDate /> from{" "}
                  <span className="font-mono">{v.clientAddress ?? "an unknown address"}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <nav aria-label="Transcript" className="flex items-center gap-1">
          {past.staff ? (
            <Link
              href={withBack(`${path}/replay`, withBack(path, back.href))}
              className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium text-brand-700 hover:bg-slate-100"
            >
              Replay
            </Link>
          ) : null}
          {past.exit ? (
            <ExitButton
              exit={past.exit}
              style={{ backgroundColor: past.exit.brandColor, outlineColor: past.exit.brandColor }}
              className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2"
            >
              {past.exit.returnHost ? `Back to ${past.exit.returnHost}` : "Close"}
            </ExitButton>
          ) : (
            <Link
              href={back.href}
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700"
            >
              {back.label === "Back" ? "Close" : `Back to ${back.label.toLowerCase()}`}
            </Link>
          )}
        </nav>
      </header>
      {past.audit && !past.me ? (
        <p className="bg-amber-50 px-3 py-1.5 text-center text-sm text-amber-900">
          You are reading this as staff: private lines (prompts, sidebars) are shown and marked.
        </p>
      ) : null}
      {/* A visitor's satisfaction survey (nothing when the scenario has none or it closed). */}
      {past.exit && past.me ? (
        <div className="mx-auto w-full max-w-3xl px-3 pt-4">
          <SurveyCard sessionId={session.id} brandColor={past.exit.brandColor} />
        </div>
      ) : null}
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col">
        <Transcript
          events={past.events}
          pending={[]}
          typing={{}}
          participants={past.participants}
          meId={past.me?.id ?? ""}
          showPrivate={past.audit}
        />
      </main>
    </div>
  );
}
