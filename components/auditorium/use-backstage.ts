"use client";
// Backstage for producers and speakers: the question queue and raised hands, loaded once and kept
// current by notices on the session's stage channel (idempotent: versions and times decide), and
// the audience count from the audience channel. A reconnect reloads both lists: notices missed
// while away are not replayed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { EVENTS, type AudienceCount } from "@/lib/realtime-events";
import { STAGE_EVENTS, type RaisedHand, type StageQuestion } from "@/lib/stage-events";
import { useChannel } from "@/lib/realtime/hooks";
import { errorMessage } from "@/components/ui/form-errors";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";
import { mergeHand, mergeQuestion } from "./stage-state";

type AudienceCountNotice = Pick<AudienceCount, "count" | "at">;

/** `channels`: the session's stage and audience channels, as the view data names them. */
export function useBackstage(sessionId: string, channels: { stage: string; audience: string }, opts: { producer: boolean; live: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const questionsKey = trpc.auditorium.questions.queryKey({ sessionId });
  const handsKey = trpc.auditorium.hands.queryKey({ sessionId });
  const questions = useQuery(trpc.auditorium.questions.queryOptions({ sessionId }, { enabled: opts.live }));
  const hands = useQuery(trpc.auditorium.hands.queryOptions({ sessionId }, { enabled: opts.live && opts.producer }));
  // The count at load, then the live notices (server/auditorium/count.ts): a later `at` wins.
  const figures = useQuery(trpc.auditorium.audience.queryOptions({ sessionId }, { enabled: opts.live }));
  const [count, setCount] = useState<AudienceCountNotice | null>(null);
  const { notice, failed, clear } = useNotice(errorMessage);

  const onQuestion = useCallback(
    (data: unknown) => {
      const q = data as StageQuestion;
      // Speakers work from the approved list; pending and rejected ones are the producer's.
      if (!opts.producer && q.status !== "APPROVED" && q.status !== "ANSWERED") {
        qc.setQueryData<StageQuestion[]>(questionsKey, (list) => list?.filter((x) => x.id !== q.id));
        return;
      }
      qc.setQueryData<StageQuestion[]>(questionsKey, (list) => mergeQuestion(list ?? [], q));
    },
    [opts.producer, qc, questionsKey],
  );
  const onHand = useCallback(
    (data: unknown) => qc.setQueryData<RaisedHand[]>(handsKey, (list) => mergeHand(list ?? [], data as RaisedHand)),
    [qc, handsKey],
  );
  const onCount = useCallback((data: unknown) => {
    const c = data as AudienceCountNotice;
    setCount((prev) => (prev && prev.at > c.at ? prev : c));
  }, []);
  const reload = useCallback(() => {
    void qc.invalidateQueries({ queryKey: questionsKey });
    void qc.invalidateQueries({ queryKey: handsKey });
  }, [qc, questionsKey, handsKey]);

  const stage = useChannel(
    opts.live ? channels.stage : null,
    useMemo(() => ({ [STAGE_EVENTS.question]: onQuestion, [STAGE_EVENTS.hand]: onHand }), [onQuestion, onHand]),
    { catchUp: reload },
  );
  // Only the count is read here: the room's events come on the presence channel (use-session.ts).
  useChannel(
    opts.live ? channels.audience : null,
    useMemo(() => ({ [EVENTS.audienceCount]: onCount }), [onCount]),
  );

  const onDone = { onSuccess: clear, onError: failed };
  const moderate = useMutation(trpc.auditorium.moderate.mutationOptions({ ...onDone, onSuccess: (q) => (clear(), onQuestion(q)) }));
  const answer = useMutation(trpc.auditorium.answer.mutationOptions({ ...onDone, onSuccess: (r) => (clear(), onQuestion(r.question)) }));
  const promote = useMutation(trpc.auditorium.promote.mutationOptions(onDone));
  const demote = useMutation(trpc.auditorium.demote.mutationOptions(onDone));
  const lowerHand = useMutation(trpc.auditorium.lowerHand.mutationOptions(onDone));

  return {
    questions: questions.data ?? [],
    questionsLoading: questions.isPending && opts.live,
    questionsError: questions.error?.message ?? null,
    hands: hands.data ?? [],
    handsLoading: hands.isPending && opts.live && opts.producer,
    audience: count?.count ?? figures.data?.count ?? null,
    backstageState: stage.state,
    error: notice?.text ?? null,
    clearError: clear,
    moderate: (questionId: string, decision: "approve" | "reject") => moderate.mutate({ sessionId, questionId, decision }),
    answer: (questionId: string, mode: "stage" | "private", text: string, onSuccess?: () => void) =>
      answer.mutate({ sessionId, questionId, mode, text }, { onSuccess }),
    answering: answer.isPending ? answer.variables?.questionId : undefined,
    promote: (participantId: string) =>
      promote.mutate(
        { sessionId, participantId },
        { onSuccess: () => onHand({ participantId, name: "", raised: false, at: new Date().toISOString() }) },
      ),
    demote: (participantId: string) => demote.mutate({ sessionId, participantId }),
    lowerHand: (participantId: string) => lowerHand.mutate({ sessionId, participantId }),
    busy: moderate.isPending || promote.isPending || demote.isPending,
  };
}

export type Backstage = ReturnType<typeof useBackstage>;
