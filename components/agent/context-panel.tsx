"use client";
// Beside the conversation: what the visitor asked, where they came from, their earlier sessions
// (replay links), and the team's notes on them, saved explicitly with a visible saved state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LocalTime } from "@/components/viewer/local-time";
import { useTRPC } from "@/lib/trpc";
import { ratingLabel } from "@/lib/survey-rules";

export function ContextPanel({ orgId, sessionId }: { orgId: string; sessionId: string }) {
  const trpc = useTRPC();
  const ctx = useQuery(trpc.agent.context.queryOptions({ orgId, sessionId }));

  if (ctx.isLoading) return <p className="p-4 text-sm text-slate-500">Loading the visitor…</p>;
  if (ctx.isError || !ctx.data)
    return <p className="p-4 text-sm text-amber-800">Couldn&apos;t load the visitor&apos;s details. {ctx.error?.message}</p>;
  const c = ctx.data;
  return (
    <div className="space-y-4 p-4 text-sm">
      <section aria-labelledby={`q-${sessionId}`}>
        <h3 id={`q-${sessionId}`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Question
        </h3>
        <p className="mt-1 break-words whitespace-pre-wrap">{c.question || <span className="text-slate-400">No question given.</span>}</p>
      </section>
      <section aria-labelledby={`r-${sessionId}`}>
        <h3 id={`r-${sessionId}`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Came from
        </h3>
        {c.referrerUrl ? (
          <a href={c.referrerUrl} target="_blank" rel="noreferrer noopener" className="mt-1 block break-all text-brand-700 underline">
            {c.referrerUrl}
          </a>
        ) : (
          <p className="mt-1 text-slate-400">Unknown page.</p>
        )}
      </section>
      {c.entry ? (
        <section aria-labelledby={`in-${sessionId}`}>
          <h3 id={`in-${sessionId}`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Entered
          </h3>
          <p className="mt-1" data-testid="entry-stamp">
            <LocalTime iso={new Date(c.entry.at).toISOString()} withDate />
            <span className="text-slate-500"> from </span>
            {c.entry.clientAddress ? (
              <span className="font-mono text-xs [overflow-wrap:anywhere]">{c.entry.clientAddress}</span>
            ) : (
              <span className="text-slate-400">an unknown address</span>
            )}
          </p>
        </section>
      ) : null}
      {c.visitor ? (
        <>
          <section aria-labelledby={`v-${sessionId}`}>
            <h3 id={`v-${sessionId}`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Visitor
            </h3>
            <p className="mt-1">
              {c.visitor.name || "Anonymous"}
              {c.visitor.email ? <span className="text-slate-500"> · {c.visitor.email}</span> : null}
            </p>
            <p className="text-xs text-slate-500">First seen {new Date(c.visitor.firstSeenAt).toLocaleDateString()}</p>
          </section>
          <section aria-labelledby={`e-${sessionId}`}>
            <h3 id={`e-${sessionId}`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Earlier sessions
            </h3>
            {c.earlierSessions.length ? (
              <ul className="mt-1 space-y-1">
                {c.earlierSessions.map((e) => (
                  <li key={e.id}>
                    <a
                      href={e.status === "ENDED" ? `/s/${e.id}/replay?back=/agent` : `/s/${e.id}`}
                      className="block rounded-lg px-2 py-1 hover:bg-slate-100"
                    >
                      <span className="font-medium">{new Date(e.startedAt).toLocaleString()}</span>
                      <span className="block truncate text-xs text-slate-500">{e.question || e.title}</span>
                      {e.rating ? (
                        <span className="block text-xs text-slate-700" data-testid="earlier-rating">
                          Rated {ratingLabel(e.rating.scale, e.rating.rating).toLowerCase()}
                          {e.rating.comment ? <span className="block truncate text-slate-500 italic">“{e.rating.comment}”</span> : null}
                        </span>
                      ) : null}
                      <span className="sr-only">{e.status === "ENDED" ? "Replay" : "Open"}</span>
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-slate-400">First session.</p>
            )}
          </section>
          <VisitorNotes orgId={orgId} sessionId={sessionId} visitorId={c.visitor.id} saved={c.visitor.notes} />
        </>
      ) : null}
    </div>
  );
}

function VisitorNotes({ orgId, sessionId, visitorId, saved }: { orgId: string; sessionId: string; visitorId: string; saved: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(saved);
  const save = useMutation(
    trpc.agent.setVisitorNotes.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.agent.context.queryKey({ orgId, sessionId }) }),
    }),
  );
  const dirty = draft !== saved;
  const state = save.isPending
    ? "Saving…"
    : save.isError
      ? `Not saved: ${save.error.message}`
      : dirty
        ? "Unsaved changes"
        : save.isSuccess
          ? "Saved"
          : "";
  const id = `notes-${sessionId}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ orgId, visitorId, notes: draft });
      }}
    >
      <label id={`${id}-label`} htmlFor={id} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        Notes on this visitor
      </label>
      <textarea
        id={id}
        value={draft}
        maxLength={5000}
        rows={4}
        onChange={(e) => setDraft(e.target.value)}
        className="mt-1 block w-full rounded-lg border border-slate-300 px-2 py-1.5 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
      />
      <div className="mt-1 flex items-center gap-2">
        <button
          type="submit"
          disabled={!dirty || save.isPending}
          className="rounded-lg bg-brand-600 px-3 py-1 text-xs font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:bg-slate-300"
        >
          Save notes
        </button>
        <span role="status" className={`text-xs ${save.isError ? "text-red-700" : dirty ? "text-amber-700" : "text-emerald-700"}`}>
          {state}
        </span>
      </div>
    </form>
  );
}
