"use client";
// Prompts near the input line. The leader sees what an unseen prompter suggests and may put a
// suggestion in the input line, edit it and send it as their own; the prompter sees what they sent
// and to whom. Nobody else ever receives a prompt (server/sessions/prompt.ts).
import { useState } from "react";
import { eventKey, type PromptPayload, type WireEvent } from "@/lib/session-events";

const SHOWN = 3;

export function PromptSuggestions({
  events,
  meId,
  iPrompt,
  leaderName,
  onUse,
}: {
  events: WireEvent[];
  meId: string;
  /** The viewer is the prompter (else: whoever received prompts, normally the leader). */
  iPrompt: boolean;
  leaderName: string;
  onUse: (prompt: { id: string; text: string }) => void;
}) {
  const [done, setDone] = useState<Set<string>>(() => new Set());
  const prompts = events.filter((e) => e.type === "prompt");

  if (iPrompt) {
    const mine = prompts.filter((e) => e.actorParticipantId === meId).slice(-SHOWN);
    return (
      <section aria-label="Your prompts" className="border-t border-violet-200 bg-violet-50 px-3 py-2 text-sm">
        <p className="text-xs font-medium text-violet-900">You are prompting unseen. Only {leaderName} sees your lines, as suggestions.</p>
        {mine.length > 0 ? (
          <ul className="mt-1 space-y-1">
            {mine.map((e) => (
              <li key={eventKey(e)} className="truncate text-violet-800" data-prompt-seq={e.seq}>
                <span className="sr-only">Sent prompt: </span>
                {(e.payload as unknown as PromptPayload).text}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    );
  }

  const open = prompts.filter((e) => (e.payload as unknown as PromptPayload).to === meId && !done.has(eventKey(e))).slice(-SHOWN);
  if (open.length === 0) return null;
  const finish = (key: string) => setDone((d) => new Set(d).add(key));
  return (
    <section aria-label="Suggestions from your prompter" className="border-t border-violet-200 bg-violet-50 px-3 py-2">
      <p className="text-xs font-medium text-violet-900">Suggested replies (only you see these)</p>
      <ul className="mt-1 space-y-1.5">
        {open.map((e) => {
          const text = (e.payload as unknown as PromptPayload).text;
          return (
            <li key={eventKey(e)} className="flex items-start gap-2" data-prompt-seq={e.seq}>
              <p className="min-w-0 flex-1 rounded-lg bg-white px-2 py-1 text-sm break-words whitespace-pre-wrap text-slate-800 ring-1 ring-violet-200">
                {text}
              </p>
              <button
                type="button"
                className="shrink-0 rounded-lg bg-violet-700 px-2 py-1 text-xs font-semibold text-white hover:bg-violet-800 max-sm:min-h-11 max-sm:px-3"
                aria-label={`Use suggestion: ${text.slice(0, 60)}`}
                onClick={() => {
                  finish(eventKey(e));
                  onUse({ id: eventKey(e), text });
                }}
              >
                Use
              </button>
              <button
                type="button"
                className="shrink-0 rounded-lg px-2 py-1 text-xs text-violet-900 hover:bg-violet-100 max-sm:min-h-11"
                aria-label="Dismiss suggestion"
                onClick={() => finish(eventKey(e))}
              >
                Dismiss
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
