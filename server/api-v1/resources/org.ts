// GET /queue (the manager's live monitor read model: server/manager/overview.ts) and GET /launchers
// (server/launchers/manage.ts).
import "server-only";
import { z } from "zod";
import { launcherLink } from "../../../lib/embed";
import { env } from "../../env";
import { listLaunchers } from "../../launchers/manage";
import { managerOverview } from "../../manager/overview";
import { defineRoute } from "../route";
import { iso, isoOrNull, noQuery, timestamp } from "../schemas";

export const getQueue = defineRoute({
  method: "GET",
  path: "/queue",
  operationId: "getQueue",
  tag: "Queue",
  summary: "The queue and the agents now",
  description: "Visitors waiting, the longest wait, today's counts (UTC day) and every active member's routing status and load.",
  scope: "read",
  query: noQuery,
  response: z.object({
    at: timestamp,
    waiting: z.number().int().describe("Visitors waiting or being offered to an agent."),
    longestWaitSec: z.number().int(),
    today: z.object({
      since: timestamp,
      started: z.number().int(),
      ended: z.number().int(),
      abandoned: z.number().int(),
      medianWaitSec: z.number().int().nullable(),
    }),
    agents: z.array(
      z.object({
        id: z.string().describe("Member id (the `agent` filter of /sessions)."),
        name: z.string(),
        role: z.string(),
        status: z.string(),
        statusLabel: z.string(),
        routable: z.boolean().describe("Whether the status takes new visitors."),
        since: timestamp.nullable(),
        load: z.number().int().describe("Sessions held now."),
        capacity: z.number().int(),
      }),
    ),
  }),
  async handle({ caller, now }) {
    const o = await managerOverview({ orgId: caller.orgId, now });
    return {
      at: iso(o.now),
      waiting: o.queue.waiting,
      longestWaitSec: o.queue.longestWaitSec,
      today: { ...o.today, since: iso(o.today.since) },
      agents: o.agents.map((a) => ({
        id: a.membershipId,
        name: a.name,
        role: a.role,
        status: a.status,
        statusLabel: a.statusLabel,
        routable: a.routable,
        since: isoOrNull(a.since),
        load: a.load,
        capacity: a.capacity,
      })),
    };
  },
});

export const listLaunchersRoute = defineRoute({
  method: "GET",
  path: "/launchers",
  operationId: "listLaunchers",
  tag: "Launchers",
  summary: "The organization's launchers",
  description: "Live launchers first, then archived ones. `url` is the link a visitor opens.",
  scope: "read",
  query: noQuery,
  response: z.object({
    data: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        url: z.string(),
        scenarioId: z.string(),
        buttonLabel: z.string(),
        allowDirectVisits: z.boolean(),
        archived: z.boolean(),
        createdAt: timestamp,
      }),
    ),
  }),
  async handle({ caller }) {
    const origin = new URL(env.NEXTAUTH_URL).origin;
    const launchers = await listLaunchers({ orgId: caller.orgId });
    return {
      data: launchers.map((l) => ({
        id: l.id,
        key: l.key,
        name: l.name,
        url: launcherLink(origin, l.key),
        scenarioId: l.scenarioId,
        buttonLabel: l.buttonLabel,
        allowDirectVisits: l.allowDirectVisits,
        archived: l.archivedAt !== null,
        createdAt: iso(l.createdAt),
      })),
    };
  },
});
