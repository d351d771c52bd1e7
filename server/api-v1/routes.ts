// Every operation of the public API, in the order the reference lists them. The dispatcher serves
// exactly these and the OpenAPI document lists exactly these.
import "server-only";
import { getUsage, listStatements } from "./resources/billing";
import { getQueue, listLaunchersRoute } from "./resources/org";
import { getSession, listSessions } from "./resources/sessions";
import { getVisitor, lookupVisitors, updateVisitor } from "./resources/visitors";
import type { ApiRoute } from "./route";

export const API_ROUTES: readonly ApiRoute[] = [
  listSessions,
  getSession,
  getQueue,
  listLaunchersRoute,
  lookupVisitors,
  getVisitor,
  updateVisitor,
  getUsage,
  listStatements,
] as unknown as readonly ApiRoute[];

export const API_BASE_PATH = "/api/v1";
