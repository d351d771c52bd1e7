"use client";
// The question queue: the producer's (every question: approve, reject, answer on stage or
// privately) and the speakers' (the approved ones, to answer). Filters by state; an answer is
// written inline under its question, Escape closes it.
import { useId, useState } from "react";
import { MAX_ANSWER_LENGTH, type QuestionStatus, type StageQuestion } from "@/lib/stage-events";
import { LocalTime } from "../viewer/local-time";
import { small } from "./stage-speakers";
import type { Backstage } from "./use-backstage";

type Filter = { status: QuestionStatus; label: string };
const PRODUCER_FILTERS: Filter[] = [
  { status: "PENDING", label: "New" },
  { status: "APPROVED", label: "Approved" },
  { status: "ANSWERED", label: "Answered" },
  { status: "REJECTED", label: "Rejected" },
];
const SPEAKER_FILTERS: Filter[] = [
  { status: "APPROVED", label: "To answer" },
  { status: "ANSWERED", label: "Answered" },
];

const EMPTY: Record<QuestionStatus, string> = {
  PENDING: "No new questions. The audience's questions appear here as they are sent.",
  APPROVED: "No approved questions waiting for an answer.",
  ANSWERED: "Nothing answered yet.",
  REJECTED: "Nothing rejected.",
};

export function QuestionQueue({ b, producer, closed }: { b: Backstage; producer: boolean; closed: boolean }) {
  const filters = producer ? PRODUCER_FILTERS : SPEAKER_FILTERS;
  const [filter, setFilter] = useState<QuestionStatus>(filters[0]!.status);
  const [answering, setAnswering] = useState<string | null>(null);
  const shown = b.questions.filter((q) => q.status === filter);
  const count = (s: QuestionStatus) => b.questions.filter((q) => q.status === s).length;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div role="group" aria-label="Show questions" className="flex flex-wrap gap-1 border-b border-slate-200 px-3 py-2">
        {filters.map((f) => (
          <button
            key={f.status}
            type="button"
            aria-pressed={filter === f.status}
            onClick={() => setFilter(f.status)}
            className={`${small} shrink-0 ${filter === f.status ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {f.label}
            <span
              className={`ml-1.5 rounded-full px-1.5 text-[11px] ${filter === f.status ? "bg-white/20" : "bg-slate-200 text-slate-700"}`}
            >
              {count(f.status)}
            </span>
          </button>
        ))}
      </div>
      {b.error ? (
        <p role="alert" className="flex items-start justify-between gap-2 bg-red-50 px-3 py-2 text-xs text-red-800">
          {b.error}
          <button type="button" className="underline max-sm:min-h-11" onClick={b.clearError}>
            Dismiss
          </button>
        </p>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto px-3 py-3">
        {b.questionsLoading ? (
          <p role="status" className="animate-pulse py-6 text-center text-sm text-slate-500">
            Loading questions…
          </p>
        ) : b.questionsError ? (
          <p role="alert" className="py-6 text-center text-sm text-red-700">
            Questions could not be loaded: {b.questionsError}
          </p>
        ) : shown.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">{EMPTY[filter]}</p>
        ) : (
          <ul aria-label={`${filters.find((f) => f.status === filter)!.label} questions`} className="space-y-2">
            {shown.map((q) => (
              <QuestionCard
                key={q.id}
                q={q}
                b={b}
                producer={producer}
                closed={closed}
                open={answering === q.id}
                onOpen={(o) => setAnswering(o ? q.id : null)}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function QuestionCard({
  q,
  b,
  producer,
  closed,
  open,
  onOpen,
}: {
  q: StageQuestion;
  b: Backstage;
  producer: boolean;
  closed: boolean;
  open: boolean;
  onOpen: (open: boolean) => void;
}) {
  const mayAnswer = !closed && (q.status === "APPROVED" || (producer && q.status === "PENDING"));
  return (
    <li
      className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
      data-question={q.id}
      aria-label={`Question from ${q.askerName}`}
    >
      <p className="flex items-baseline justify-between gap-2 text-xs text-slate-500">
        <span className="truncate font-semibold text-slate-700">{q.askerName}</span>
        <LocalTime iso={q.askedAt} />
      </p>
      <p className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-900">{q.text}</p>
      {q.status === "ANSWERED" ? (
        <div className="mt-2 rounded-lg bg-slate-50 px-2.5 py-2 text-sm">
          <p className="text-xs font-semibold text-emerald-700">
            {q.answerMode === "PRIVATE" ? `Answered privately to ${q.askerName}` : "Answered on stage"}
          </p>
          <p className="mt-0.5 break-words whitespace-pre-wrap text-slate-800">{q.answerText}</p>
        </div>
      ) : null}
      {!closed && q.status !== "ANSWERED" && !open ? (
        <div className="mt-2 flex flex-wrap gap-1.5">
          {producer && q.status !== "APPROVED" ? (
            <button
              type="button"
              disabled={b.busy}
              onClick={() => b.moderate(q.id, "approve")}
              className={`${small} bg-emerald-600 text-white hover:bg-emerald-700`}
            >
              Approve
            </button>
          ) : null}
          {mayAnswer ? (
            <button type="button" onClick={() => onOpen(true)} className={`${small} bg-brand-600 text-white hover:bg-brand-700`}>
              Answer…
            </button>
          ) : null}
          {producer && q.status !== "REJECTED" ? (
            <button
              type="button"
              disabled={b.busy}
              onClick={() => b.moderate(q.id, "reject")}
              className={`${small} text-red-700 ring-1 ring-red-200 hover:bg-red-50`}
            >
              Reject
            </button>
          ) : null}
        </div>
      ) : null}
      {open && mayAnswer ? <AnswerForm q={q} b={b} onClose={() => onOpen(false)} /> : null}
    </li>
  );
}

function AnswerForm({ q, b, onClose }: { q: StageQuestion; b: Backstage; onClose: () => void }) {
  const [text, setText] = useState("");
  const id = useId();
  const busy = b.answering === q.id;
  const send = (mode: "stage" | "private") => b.answer(q.id, mode, text, onClose);
  return (
    <form
      className="mt-2 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        send(((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") as "stage" | "private" | null) ?? "stage");
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        Your answer to {q.askerName}
      </label>
      <textarea
        id={id}
        autoFocus
        rows={3}
        maxLength={MAX_ANSWER_LENGTH}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="w-full resize-y rounded-lg border border-slate-300 px-2.5 py-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none max-sm:text-base"
      />
      <p className="text-[11px] text-slate-500">
        On stage, everyone sees the question and your answer. Privately, only {q.askerName} does.
      </p>
      <div className="flex flex-wrap gap-1.5">
        <button
          type="submit"
          value="stage"
          disabled={busy || !text.trim()}
          className={`${small} bg-brand-600 text-white hover:bg-brand-700`}
        >
          Answer on stage
        </button>
        <button
          type="submit"
          value="private"
          disabled={busy || !text.trim()}
          className={`${small} bg-slate-900 text-white hover:bg-slate-800`}
        >
          Answer privately
        </button>
        <button type="button" onClick={onClose} className={`${small} text-slate-600 hover:bg-slate-100`}>
          Cancel
        </button>
      </div>
    </form>
  );
}
