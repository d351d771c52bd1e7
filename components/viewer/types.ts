import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type SessionViewData = inferRouterOutputs<AppRouter>["sessions"]["view"];
export type ViewParticipant = SessionViewData["participants"][number];
export type Pending = { clientEventId: string; text: string; state: "sending" | "failed"; error?: string };
export type Typing = { text?: string; at: number };
