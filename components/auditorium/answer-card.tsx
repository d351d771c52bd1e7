// A question answered in the stage chat: on stage (everyone sees it) or privately (only the asker
// ever receives that event). Drawn by the transcript, so every view of the event shows it alike.
import type { WireEvent } from "@/lib/session-events";
import { STAGE_EVENT_TYPES } from "@/lib/stage-events";
import { LocalTime } from "../viewer/local-time";
import { RichText } from "../viewer/rich-text";

export const ANSWER_TYPES: readonly string[] = [STAGE_EVENT_TYPES.answeredOnStage, STAGE_EVENT_TYPES.answeredPrivately];

export function AnswerCard({ e, answerer }: { e: WireEvent; answerer: string }) {
  const p = e.payload as { question?: string; askerName?: string; answer?: string; answeredBy?: string };
  const privately = e.type === STAGE_EVENT_TYPES.answeredPrivately;
  return (
    <li className="flex justify-center" data-seq={e.seq} data-answer={privately ? "private" : "stage"}>
      <article
        className={`w-full max-w-[92%] rounded-2xl px-3 py-2.5 text-sm ring-1 ${privately ? "bg-violet-50 ring-violet-200" : "bg-amber-50 ring-amber-200"}`}
      >
        <p className={`text-xs font-semibold ${privately ? "text-violet-800" : "text-amber-800"}`}>
          {privately ? "Your question, answered privately" : `Question from ${p.askerName ?? "the audience"}`}
        </p>
        <p className="mt-0.5 break-words whitespace-pre-wrap text-slate-700 italic">“{p.question ?? ""}”</p>
        <p className="mt-1.5 text-xs font-semibold text-slate-600">{privately ? (p.answeredBy ?? answerer) : answerer} answered:</p>
        <p className="break-words whitespace-pre-wrap text-slate-900">
          <RichText text={String(p.answer ?? "")} />
        </p>
        <p className="mt-0.5 text-right text-[11px] text-slate-400">
          <LocalTime iso={e.createdAt} />
        </p>
      </article>
    </li>
  );
}
