"use client";
// The attendee's way to the stage: a question (with the state of their own questions, kept current
// by `question.state` notices on their own channel) and a raised hand. Both call A2's procedures.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { useChannel } from "@/lib/realtime/hooks";
import { MAX_QUESTION_LENGTH, STAGE_EVENTS, newer, type MyQuestion, type QuestionStatus } from "@/lib/stage-events";
import { errorMessage } from "@/components/ui/form-errors";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";

const STATE: Record<QuestionStatus, { label: string; tone: string }> = {
  PENDING: { label: "Waiting for the producer", tone: "bg-slate-100 text-slate-700" },
  APPROVED: { label: "Passed to the speakers", tone: "bg-emerald-50 text-emerald-800" },
  REJECTED: { label: "Not taken", tone: "bg-rose-50 text-rose-700" },
  ANSWERED: { label: "Answered", tone: "bg-amber-50 text-amber-800" },
};

const button =
  "inline-flex items-center justify-center rounded-lg px-3 py-1.5 text-sm font-medium max-sm:min-h-11 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-50";

export function AttendeeQuestions({ sessionId, ownChannel, live }: { sessionId: string; ownChannel: string; live: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const key = trpc.auditorium.myQuestions.queryKey({ sessionId });
  const mine = useQuery(trpc.auditorium.myQuestions.queryOptions({ sessionId }, { enabled: live }));
  const [text, setText] = useState("");
  const { notice, failed, clear } = useNotice(errorMessage);
  const error = notice?.text ?? null;

  const merge = (q: MyQuestion) =>
    qc.setQueryData<{ questions: MyQuestion[]; handRaised: boolean }>(key, (d) => {
      const list = d?.questions ?? [];
      const at = list.findIndex((x) => x.id === q.id);
      const questions = at < 0 ? [...list, q] : list.map((x, i) => (i === at ? newer(x, q) : x));
      return { questions, handRaised: d?.handRaised ?? false };
    });
  useChannel(
    live ? ownChannel : null,
    // `merge` is remade every render but only writes through the query cache: the handlers depend on the seat.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    useMemo(() => ({ [STAGE_EVENTS.myQuestion]: (data: unknown) => merge(data as MyQuestion) }), [ownChannel, sessionId]),
  );

  const ask = useMutation(
    trpc.auditorium.ask.mutationOptions({
      onSuccess: (q) => {
        clear();
        setText("");
        merge(q as MyQuestion);
      },
      onError: failed,
    }),
  );
  const setHand = (handRaised: boolean) =>
    qc.setQueryData<{ questions: MyQuestion[]; handRaised: boolean }>(key, (d) => ({ questions: d?.questions ?? [], handRaised }));
  const raise = useMutation(trpc.auditorium.raiseHand.mutationOptions({ onSuccess: () => setHand(true), onError: failed }));
  const lower = useMutation(trpc.auditorium.lowerHand.mutationOptions({ onSuccess: () => setHand(false), onError: failed }));
  const handRaised = mine.data?.handRaised ?? false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || ask.isPending) return;
    ask.mutate({ sessionId, text });
  };
  const questions = mine.data?.questions ?? [];
  const over = text.length > MAX_QUESTION_LENGTH;

  return (
    <section className="flex flex-col gap-3 p-3">
      <form onSubmit={submit} className="flex flex-col gap-2">
        <label htmlFor="ask-text" className="text-sm font-semibold text-slate-800">
          Ask the speakers
        </label>
        <textarea
          id="ask-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          disabled={!live}
          rows={2}
          aria-describedby="ask-help"
          className="w-full resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-brand-600 focus:outline-none max-sm:text-base"
          placeholder="Your question"
        />
        <div className="flex flex-wrap items-center gap-2">
          <span id="ask-help" className={`text-xs ${over ? "text-rose-700" : "text-slate-500"}`}>
            {text.length}/{MAX_QUESTION_LENGTH} · the producer passes questions to the speakers
          </span>
          <button
            type="submit"
            disabled={!live || !text.trim() || over || ask.isPending}
            className={`${button} ml-auto bg-brand-600 text-white hover:bg-brand-700`}
          >
            {ask.isPending ? "Sending…" : "Send question"}
          </button>
        </div>
      </form>
      <div className="flex items-center gap-2">
        <button
          type="button"
          aria-pressed={handRaised}
          disabled={!live || raise.isPending || lower.isPending}
          onClick={() => (handRaised ? lower.mutate({ sessionId }) : raise.mutate({ sessionId }))}
          className={`${button} ${handRaised ? "bg-amber-100 text-amber-900 ring-1 ring-amber-300" : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"}`}
        >
          {handRaised ? "Lower my hand" : "Raise my hand"}
        </button>
        <span className="text-xs text-slate-500" aria-live="polite">
          {handRaised ? "The producer sees your hand." : "To ask to come on stage."}
        </span>
      </div>
      {error ? (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      ) : null}
      <div>
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Your questions</h2>
        {mine.isPending && live ? (
          <p className="mt-1 text-sm text-slate-500">Loading…</p>
        ) : mine.error ? (
          <p className="mt-1 text-sm text-rose-700">Your questions could not be loaded: {mine.error.message}</p>
        ) : questions.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">None yet. Questions you send appear here with what became of them.</p>
        ) : (
          <ul className="mt-1 flex flex-col gap-1.5" aria-live="polite">
            {questions.map((q) => (
              <li key={q.id} className="rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-slate-200" data-question-status={q.status}>
                <p className="break-words text-slate-900">{q.text}</p>
                <p className="mt-1 flex flex-wrap items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE[q.status].tone}`}>
                    {q.status === "ANSWERED" && q.answerMode === "PRIVATE"
                      ? "Answered privately"
                      : q.status === "ANSWERED"
                        ? "Answered on stage"
                        : STATE[q.status].label}
                  </span>
                </p>
                {q.status === "ANSWERED" && q.answerText ? (
                  <p className="mt-1 break-words whitespace-pre-wrap text-slate-700">{q.answerText}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
