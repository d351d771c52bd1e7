"use client";
// The speaker's view (the 1999 design's "Speaker view" with its panel of the other speakers): the
// stage chat, the other speakers and who leads, the approved questions to answer, and the address
// bar while holding the baton.
import type { SessionViewData } from "../viewer/types";
import { StageShell } from "./stage-shell";
import { QuestionQueue } from "./stage-questions";
import { StageSpeakers } from "./stage-speakers";
import { useBackstage } from "./use-backstage";
import { stageInitial, useStage } from "./use-stage";

export function SpeakerView({ initial, exitHref }: { initial: SessionViewData; exitHref: string }) {
  const st = useStage(stageInitial(initial));
  const { s } = st;
  const b = useBackstage(s.sessionId, s.channels, { producer: false, live: !s.ended && !s.left });
  const closed = s.ended || s.left;
  const iLead = s.leader === s.me.id;
  const toAnswer = b.questions.filter((q) => q.status === "APPROVED").length;
  return (
    <StageShell
      s={s}
      title={initial.session.title}
      seats={st.seats}
      roleLabel={iLead ? "You are speaking · you lead the audience" : "You are speaking"}
      audience={b.audience}
      mayLead={iLead}
      onLead={st.lead}
      leading={st.leading}
      leadError={st.leadError}
      onAskLead={closed ? undefined : st.askLead}
      endLabel="Leave the stage"
      endQuestion="You leave the event; the others go on without you."
      onEnd={st.leave}
      exitHref={exitHref}
      tabs={[
        { id: "questions", label: "Questions", badge: toAnswer, content: <QuestionQueue b={b} producer={false} closed={closed} /> },
        {
          id: "speakers",
          label: "Speakers",
          content: (
            <StageSpeakers
              seats={st.seats}
              meId={s.me.id}
              leaderId={s.leader}
              mayPass={iLead && !closed}
              mayDemote={false}
              busy={st.passing}
              onPass={st.pass}
              onDemote={() => undefined}
            />
          ),
        },
      ]}
    />
  );
}
