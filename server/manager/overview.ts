// The manager's live monitor: every agent with status, since when, load and sessions; the queue;
// today's counts (UTC day); and alerts (an agent above capacity, the longest wait past the org's
// threshold). One read model; the page refetches it when the staff channel says something changed.
import "server-only";
import { agentStatusesFor } from "../agents/statuses";
import { db } from "../db";
import type { MemberRole } from "../generated/prisma/enums";
import { AppError } from "../errors";
import { queueSummary } from "../routing/effects";
import { monitorSettingsOf } from "./settings";

export type AgentRow = {
  membershipId: string;
  name: string;
  role: MemberRole;
  status: string;
  statusLabel: string;
  routable: boolean;
  since: Date | null;
  capacity: number;
  load: number;
  aboveCapacity: boolean;
  sessions: { sessionId: string; title: string; startedAt: Date; joinedAt: Date; visitors: string[]; question: string }[];
};

/** Every active member with routing state and the sessions they hold as AGENT. */
export async function agentRows(orgId: string): Promise<AgentRow[]> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { agentStatuses: true } });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  const statuses = agentStatusesFor(org.agentStatuses);
  const members = await db.membership.findMany({
    where: { orgId, active: true },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      role: true,
      displayName: true,
      user: { select: { name: true, email: true } },
      presence: { select: { status: true, since: true, capacity: true } },
      participants: {
        where: { orgId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" } },
        orderBy: { joinedAt: "asc" },
        select: {
          joinedAt: true,
          session: {
            select: {
              id: true,
              title: true,
              startedAt: true,
              queueEntry: { select: { question: true } },
              participants: { where: { role: "VISITOR", leftAt: null }, select: { displayName: true } },
            },
          },
        },
      },
    },
  });
  return members.map((m) => {
    const status = m.presence?.status ?? "offline";
    const def = statuses.find((s) => s.key === status);
    const capacity = m.presence?.capacity ?? 1;
    const load = m.participants.length;
    return {
      membershipId: m.id,
      name: m.displayName ?? m.user.name ?? m.user.email,
      role: m.role,
      status,
      statusLabel: def?.label ?? status,
      routable: def?.routable ?? false,
      since: m.presence?.since ?? null,
      capacity,
      load,
      aboveCapacity: load > capacity,
      sessions: m.participants.map((p) => ({
        sessionId: p.session.id,
        title: p.session.title,
        startedAt: p.session.startedAt,
        joinedAt: p.joinedAt,
        visitors: p.session.participants.map((v) => v.displayName),
        question: p.session.queueEntry?.question ?? "",
      })),
    };
  });
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export async function todayCounts(orgId: string, now: Date) {
  const since = startOfUtcDay(now);
  const [started, ended, abandoned, median] = await Promise.all([
    db.session.count({ where: { orgId, startedAt: { gte: since } } }),
    db.session.count({ where: { orgId, status: "ENDED", endedAt: { gte: since } } }),
    db.queueEntry.count({ where: { orgId, status: "ABANDONED", endedAt: { gte: since } } }),
    db.$queryRaw<{ median: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "assignedAt" - "enqueuedAt"))::float8 AS median
      FROM "QueueEntry" WHERE "orgId" = ${orgId} AND "assignedAt" >= ${since}`,
  ]);
  const m = median[0]?.median;
  return { since, started, ended, abandoned, medianWaitSec: m === null || m === undefined ? null : Math.max(0, Math.round(m)) };
}

export type Alert = { kind: "above_capacity"; membershipId: string; message: string } | { kind: "long_wait"; message: string };

export async function managerOverview({ orgId, now = new Date() }: { orgId: string; now?: Date }) {
  const [agents, queue, today, org] = await Promise.all([
    agentRows(orgId),
    queueSummary(orgId, now),
    todayCounts(orgId, now),
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { settings: true } }),
  ]);
  const settings = monitorSettingsOf(org.settings);
  const alerts: Alert[] = [
    ...agents
      .filter((a) => a.aboveCapacity)
      .map((a) => ({
        kind: "above_capacity" as const,
        membershipId: a.membershipId,
        message: `${a.name} holds ${a.load} sessions, above a capacity of ${a.capacity}.`,
      })),
    ...(queue.waiting > 0 && queue.longestWaitSec > settings.longestWaitAlertSec
      ? [
          {
            kind: "long_wait" as const,
            message: `A visitor has waited ${queue.longestWaitSec} s, past the ${settings.longestWaitAlertSec} s alert.`,
          },
        ]
      : []),
  ];
  return { now, agents, queue, today, settings, alerts };
}
