"use client";
// The producer's view (the 1999 design's "auditorium producer" view): runs the event. The stage
// and who leads, the audience count, the question queue, raised hands, leading the audience to
// any page, ending the event.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import type { SessionViewData } from "../viewer/types";
import { ProducerHands } from "./producer-hands";
import { StageShell } from "./stage-shell";
import { QuestionQueue } from "./stage-questions";
import { StageSpeakers } from "./stage-speakers";
import { useBackstage } from "./use-backstage";
import { stageInitial, useStage } from "./use-stage";

export function ProducerView({ initial, exitHref }: { initial: SessionViewData; exitHref: string }) {
  const st = useStage(stageInitial(initial));
  const { s } = st;
  const trpc = useTRPC();
  const end = useMutation(trpc.auditorium.end.mutationOptions());
  const b = useBackstage(s.sessionId, s.channels, { producer: true, live: !s.ended && !s.left });
  const closed = s.ended || s.left;
  const pending = b.questions.filter((q) => q.status === "PENDING").length;
  return (
    <StageShell
      s={s}
      title={initial.session.title}
      seats={st.seats}
      roleLabel="You produce this event"
      audience={b.audience}
      mayLead
      onLead={st.lead}
      leading={st.leading}
      leadError={st.leadError}
      endLabel="End the event"
      endQuestion="It ends for everyone: the audience, the speakers and you. The stage chat and the attendance are kept."
      onEnd={() => end.mutate({ sessionId: s.sessionId })}
      notice={end.error?.message ?? null}
      exitHref={exitHref}
      tabs={[
        { id: "questions", label: "Questions", badge: pending, content: <QuestionQueue b={b} producer closed={closed} /> },
        { id: "hands", label: "Hands", badge: b.hands.length, content: <ProducerHands b={b} closed={closed} /> },
        {
          id: "stage",
          label: "Stage",
          content: (
            <StageSpeakers
              seats={st.seats}
              meId={s.me.id}
              leaderId={s.leader}
              mayPass={!closed}
              mayDemote={!closed}
              busy={st.passing || b.busy}
              onPass={st.pass}
              onDemote={b.demote}
            />
          ),
        },
      ]}
    />
  );
}
