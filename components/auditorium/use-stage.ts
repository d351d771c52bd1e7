"use client";
// What both stage views derive from the session: who is on stage, leading (the producer takes the
// baton first when it is elsewhere), and leaving. The session's own state is useSession's.
import { useMutation } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "@/components/ui/form-errors";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import type { SessionViewData } from "../viewer/types";
import { useSession } from "../viewer/use-session";
import { stageSeats } from "./stage-state";
import { useStageRoleWatch } from "./use-stage-role";

/** The audience is not drawn on stage: only seats that spoke or that are staff keep their names. */
export function stageInitial(initial: SessionViewData): SessionViewData {
  const actors = new Set(initial.events.map((e) => e.actorParticipantId));
  return { ...initial, participants: initial.participants.filter((p) => p.role !== "ATTENDEE" || actors.has(p.id)) };
}

export function useStage(initial: SessionViewData) {
  const s = useSession(initial);
  const trpc = useTRPC();
  const client = useTRPCClient();
  useStageRoleWatch(s.left ? null : s.channels.own);
  const seats = useMemo(() => stageSeats(s.participants, s.events), [s.participants, s.events]);
  const { notice: leadNotice, failed, clear } = useNotice(errorMessage);
  const lead = useMutation({
    mutationFn: async (input: { url: string; notToSelf: boolean; newWindow: boolean }) => {
      // The producer leads the audience any time: with the baton elsewhere, they take it first.
      if (s.leader !== s.me.id && s.me.role === "PRODUCER") await client.sessions.takeBaton.mutate({ sessionId: s.sessionId });
      return client.sessions.lead.mutate({ sessionId: s.sessionId, ...input });
    },
    onSuccess: clear,
    onError: failed,
  });
  const askLead = useMutation(trpc.sessions.requestBaton.mutationOptions({ onError: failed }));
  const pass = useMutation(trpc.sessions.passBaton.mutationOptions({ onError: failed }));
  const leave = useMutation(trpc.sessions.leave.mutationOptions({ onSuccess: () => s.setLeft(true) }));
  return {
    s,
    seats,
    lead: (url: string, opts: { notToSelf: boolean; newWindow: boolean }) => lead.mutate({ url, ...opts }),
    leading: lead.isPending,
    leadError: leadNotice?.text ?? null,
    askLead: () => askLead.mutate({ sessionId: s.sessionId }),
    pass: (toParticipantId: string) => pass.mutate({ sessionId: s.sessionId, toParticipantId }),
    passing: pass.isPending,
    leave: () => leave.mutate({ sessionId: s.sessionId }),
  };
}
