"use client";
// After the visitor left: the agent's room says so (no more "Live" with an open input line) and
// offers wrap-up: what came of the session and free tags, kept on the session for reports, then
// the session ends for everyone still in it (sessions.wrapUp, server/sessions/wrap-up.ts).
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc";

const OUTCOMES = [
  { value: "RESOLVED", label: "Resolved", hint: "The question was answered" },
  { value: "FOLLOW_UP", label: "Needs follow-up", hint: "More work after the session" },
  { value: "NO_ANSWER", label: "No answer", hint: "The visitor left before an answer" },
  { value: "SPAM", label: "Spam", hint: "Not a real request" },
] as const;

type Outcome = (typeof OUTCOMES)[number]["value"];

/** Tags typed as one line: split on commas (the server trims and drops duplicates too). */
export function splitTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function VisitorLeft({ sessionId, canWrapUp }: { sessionId: string; canWrapUp: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [tags, setTags] = useState("");
  const wrapUp = useMutation(trpc.sessions.wrapUp.mutationOptions());
  return (
    <section aria-labelledby={`${id}-title`} className="border-t border-amber-200 bg-amber-50 px-3 py-3 text-sm text-amber-950">
      <h2 id={`${id}-title`} className="font-semibold">
        The visitor left
      </h2>
      <p className="mt-0.5 text-xs text-amber-900">
        {canWrapUp ? "Wrap up to end the session: how did it go? Tags help find it in reports." : "The agent wraps up the session."}
      </p>
      {canWrapUp ? (
        <form
          className="mt-2 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (outcome) wrapUp.mutate({ sessionId, disposition: outcome, tags: splitTags(tags) });
          }}
        >
          <fieldset>
            <legend className="sr-only">Outcome</legend>
            <div className="flex flex-wrap gap-1.5">
              {OUTCOMES.map((o) => (
                <label
                  key={o.value}
                  title={o.hint}
                  className="flex min-h-9 cursor-pointer items-center gap-1.5 rounded-lg border border-amber-300 bg-white px-2.5 text-xs font-medium has-checked:border-brand-600 has-checked:bg-brand-50 has-checked:text-brand-900 has-focus-visible:outline-2 has-focus-visible:outline-brand-600"
                >
                  <input
                    type="radio"
                    name={`${id}-outcome`}
                    value={o.value}
                    checked={outcome === o.value}
                    onChange={() => setOutcome(o.value)}
                    className="accent-brand-600"
                    required
                  />
                  {o.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-40 flex-1">
              <label htmlFor={`${id}-tags`} className="block text-xs text-amber-900">
                Tags <span className="text-amber-800/80">(optional, separated by commas)</span>
              </label>
              <input
                id={`${id}-tags`}
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                placeholder="billing, refund"
                className="mt-0.5 h-9 w-full rounded-lg border border-amber-300 bg-white px-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
              />
            </div>
            <button
              type="submit"
              disabled={!outcome || wrapUp.isPending}
              className="h-9 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-300"
            >
              {wrapUp.isPending ? "Wrapping up…" : "Wrap up and end"}
            </button>
          </div>
          {wrapUp.error ? (
            <p role="alert" className="text-xs text-red-700">
              {wrapUp.error.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
