"use client";
// The satisfaction survey a visitor sees once the session is over (docs/surveys.md): 1-5 stars or
// thumbs as a native radio group (arrow keys move, Space picks, each choice has a label), an optional
// comment, Submit and Skip. The answer given shows as a thank-you, also after a reload. Nothing is
// shown when the scenario has no survey, for staff, or once the survey closed unanswered.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type CSSProperties } from "react";
import { useTRPC } from "@/lib/trpc";
import { ratingLabel, SURVEY_COMMENT_MAX } from "@/lib/survey-rules";

type Value = number | "UP" | "DOWN";

const STAR_WORDS = ["Very poor", "Poor", "OK", "Good", "Excellent"] as const;

export function SurveyCard({ sessionId, brandColor, className = "" }: { sessionId: string; brandColor?: string; className?: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const state = useQuery(trpc.surveys.state.queryOptions({ sessionId }, { retry: false }));
  const [value, setValue] = useState<Value | null>(null);
  const [comment, setComment] = useState("");
  const [skipped, setSkipped] = useState(false);
  const [missing, setMissing] = useState(false);
  const answer = useMutation(
    trpc.surveys.answer.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.surveys.state.queryKey({ sessionId }) }),
    }),
  );

  const s = state.data;
  if (!s || s.kind === "OFF" || skipped) return null;
  const accent: CSSProperties | undefined = brandColor ? { backgroundColor: brandColor, outlineColor: brandColor } : undefined;
  const box = `rounded-2xl border border-slate-200 bg-white p-4 text-left shadow-sm sm:p-5 ${className}`;

  if (s.answer) {
    const scale = s.answer.scale === "THUMBS" ? "THUMBS" : "STARS";
    return (
      <section aria-labelledby={`${id}-t`} className={box} data-testid="survey-thanks">
        <h2 id={`${id}-t`} className="text-base font-semibold">
          Thank you for your feedback
        </h2>
        <p role="status" className="mt-1 text-sm text-slate-600">
          You rated this session: {ratingLabel(scale, s.answer.rating)}.
          {s.answer.comment ? <span className="mt-1 block text-slate-500 italic">“{s.answer.comment}”</span> : null}
        </p>
      </section>
    );
  }
  if (!s.open) return null;

  const submit = () => {
    if (value === null) {
      setMissing(true);
      return;
    }
    answer.mutate({ sessionId, value, comment: s.comment && comment.trim() ? comment : null });
  };
  const legendId = `${id}-legend`;
  const errorId = `${id}-error`;
  const error =
    missing && value === null
      ? s.kind === "STARS"
        ? "Choose from 1 to 5 stars."
        : "Choose thumbs up or thumbs down."
      : answer.error?.message;

  return (
    <section aria-labelledby={`${id}-h`} className={box} data-testid="survey">
      <h2 id={`${id}-h`} className="text-base font-semibold">
        How did it go?
      </h2>
      <form
        className="mt-3 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset aria-describedby={error ? errorId : undefined}>
          <legend id={legendId} className="text-sm text-slate-700">
            {s.kind === "STARS" ? "Rate this session from 1 to 5 stars" : "Was this session helpful?"}
          </legend>
          {s.kind === "STARS" ? (
            <div className="mt-2 flex gap-1" role="presentation">
              {[1, 2, 3, 4, 5].map((n) => {
                const lit = typeof value === "number" && n <= value;
                return (
                  <label key={n} className="group relative cursor-pointer">
                    <input
                      type="radio"
                      name={`${id}-stars`}
                      value={n}
                      checked={value === n}
                      onChange={() => {
                        setValue(n);
                        setMissing(false);
                      }}
                      className="peer sr-only"
                      aria-label={`${n} ${n === 1 ? "star" : "stars"}: ${STAR_WORDS[n - 1]}`}
                    />
                    <span
                      aria-hidden="true"
                      className={`grid size-11 place-items-center rounded-lg text-3xl leading-none peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 ${lit ? "text-amber-500" : "text-slate-300 group-hover:text-amber-300"}`}
                    >
                      ★
                    </span>
                  </label>
                );
              })}
              <span className="ml-2 self-center text-sm text-slate-600" aria-hidden="true">
                {typeof value === "number" ? STAR_WORDS[value - 1] : ""}
              </span>
            </div>
          ) : (
            <div className="mt-2 flex gap-2">
              {(["UP", "DOWN"] as const).map((t) => (
                <label key={t} className="cursor-pointer">
                  <input
                    type="radio"
                    name={`${id}-thumbs`}
                    value={t}
                    checked={value === t}
                    onChange={() => {
                      setValue(t);
                      setMissing(false);
                    }}
                    className="peer sr-only"
                  />
                  <span className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-slate-300 px-4 text-sm peer-checked:border-brand-600 peer-checked:bg-brand-50 peer-checked:font-semibold peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600">
                    <span aria-hidden="true">{t === "UP" ? "👍" : "👎"}</span>
                    {t === "UP" ? "Yes, thumbs up" : "No, thumbs down"}
                  </span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
        {s.comment ? (
          <div>
            <label htmlFor={`${id}-c`} className="block text-sm text-slate-700">
              Anything to add? <span className="text-slate-500">(optional)</span>
            </label>
            <textarea
              id={`${id}-c`}
              value={comment}
              maxLength={SURVEY_COMMENT_MAX}
              rows={3}
              aria-describedby={`${id}-count`}
              onChange={(e) => setComment(e.currentTarget.value)}
              className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-brand-600 focus:outline-none"
            />
            <p id={`${id}-count`} className="text-right text-xs text-slate-500">
              {comment.length} / {SURVEY_COMMENT_MAX}
            </p>
          </div>
        ) : null}
        {error ? (
          <p id={errorId} role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="submit"
            disabled={answer.isPending}
            style={accent}
            className={`inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60 ${accent ? "" : "bg-brand-600 hover:bg-brand-700"}`}
          >
            {answer.isPending ? "Sending…" : "Submit"}
          </button>
          <button
            type="button"
            onClick={() => setSkipped(true)}
            className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100"
          >
            Skip
          </button>
        </div>
      </form>
    </section>
  );
}
