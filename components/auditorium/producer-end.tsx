"use client";
// The producer's view with "End the event" wired to auditorium.end (server/auditorium/create.ts):
// every seat leaves and the room hears session.ended, which closes this view as it does everyone's.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import type { SessionViewData } from "../viewer/types";
import { ProducerView } from "./producer-view";

export function ProducerEventView({ initial, exitHref }: { initial: SessionViewData; exitHref: string }) {
  const trpc = useTRPC();
  const end = useMutation(trpc.auditorium.end.mutationOptions());
  return (
    <>
      <ProducerView initial={initial} exitHref={exitHref} onEnd={() => end.mutate({ sessionId: initial.session.id })} />
      {end.error ? (
        <p role="alert" className="fixed inset-x-3 bottom-3 z-50 rounded-lg bg-red-700 px-3 py-2 text-sm text-white shadow-lg">
          The event could not be ended: {end.error.message}
        </p>
      ) : null}
    </>
  );
}
