// The root router: one entry per domain router.
import "server-only";
import { accountRouter } from "./routers/account";
import { apiKeysRouter } from "./routers/api-keys";
import { adminRouter } from "./routers/admin";
import { agentRouter } from "./routers/agent";
import { auditoriumRouter } from "./routers/auditorium";
import { macrosRouter } from "./routers/macros";
import { managerRouter } from "./routers/manager";
import { invitationsRouter } from "./routers/invitations";
import { launchersRouter } from "./routers/launchers";
import { membersRouter } from "./routers/members";
import { notificationsRouter } from "./routers/notifications";
import { scenariosRouter } from "./routers/scenarios";
import { billingRouter } from "./routers/billing";
import { cobrowseRouter } from "./routers/cobrowse";
import { me } from "./routers/me";
import { orgRouter } from "./routers/org";
import { privacyRouter } from "./routers/privacy";
import { reportsQueueRouter } from "./routers/reports-queue";
import { resellerRouter } from "./routers/reseller";
import { reportsTrendsRouter } from "./routers/reports-trends";
import { reportsUsageRouter } from "./routers/reports-usage";
import { reportsAttendanceRouter } from "./routers/reports-attendance";
import { reportsStaffingRouter } from "./routers/reports-staffing";
import { reportsArchiveRouter } from "./routers/reports-archive";
import { roomsRouter } from "./routers/rooms";
import { sessionsRouter } from "./routers/sessions";
import { sidebarsRouter } from "./routers/sidebars";
import { surveysRouter } from "./routers/surveys";
import { translationRouter } from "./routers/translation";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me,
  account: accountRouter,
  org: orgRouter,
  agent: agentRouter,
  sessions: sessionsRouter,
  cobrowse: cobrowseRouter,
  sidebars: sidebarsRouter,
  auditorium: auditoriumRouter,
  rooms: roomsRouter,
  macros: macrosRouter,
  manager: managerRouter,
  scenarios: scenariosRouter,
  launchers: launchersRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  notifications: notificationsRouter,
  reseller: resellerRouter,
  admin: adminRouter,
  billing: billingRouter,
  reportsUsage: reportsUsageRouter,
  reportsTrends: reportsTrendsRouter,
  reportsStaffing: reportsStaffingRouter,
  reportsAttendance: reportsAttendanceRouter,
  reportsQueue: reportsQueueRouter,
  reportsArchive: reportsArchiveRouter,
  surveys: surveysRouter,
  translation: translationRouter,
  apiKeys: apiKeysRouter,
  webhooks: webhooksRouter,
  privacy: privacyRouter,
});

export type AppRouter = typeof appRouter;

/** A server-side caller: server components (server/api/server.ts), jobs and tests use it. */
export const createCaller = createCallerFactory(appRouter);
