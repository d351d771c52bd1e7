// The root router: one entry per domain router.
import { agentRouter } from "./routers/agent";
import { billingRouter } from "./routers/billing";
import { me } from "./routers/me";
import { orgRouter } from "./routers/org";
import { sessionsRouter } from "./routers/sessions";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me,
  org: orgRouter,
  agent: agentRouter,
  sessions: sessionsRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller: server components (server/api/server.ts), jobs and tests use it. */
export const createCaller = createCallerFactory(appRouter);
