// The root router: one entry per domain router.
import { adminRouter } from "./routers/admin";
import { agentRouter } from "./routers/agent";
import { me } from "./routers/me";
import { orgRouter } from "./routers/org";
import { resellerRouter } from "./routers/reseller";
import { sessionsRouter } from "./routers/sessions";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me,
  org: orgRouter,
  agent: agentRouter,
  sessions: sessionsRouter,
  reseller: resellerRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller: server components (server/api/server.ts), jobs and tests use it. */
export const createCaller = createCallerFactory(appRouter);
