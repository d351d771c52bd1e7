// An org admin's preferences and defaults for the org's end users. Everything is checked before
// anything is written; one bad allowed-domain entry is named by its position and value.
import "server-only";
import { recordStatusChange } from "../agents/status-history";
import { agentStatusNotice } from "../agents/status-notice";
import { BUILT_IN_STATUSES, agentStatusesFor, type AgentStatus } from "../agents/statuses";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { RoutingMode } from "../generated/prisma/enums";
import { allowedDomainError, parseAllowedDomain } from "../launchers/domain";
import { JOBS, sendJob } from "../jobs/boss";
import { isValidTimeZone } from "../reports/range";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../privacy/retention";
import { withdrawAgentOffers } from "../routing/offers";

export const MAX_ALLOWED_DOMAINS = 100;
export const MAX_AGENT_STATUSES = 20;

export type PreferencesInput = {
  name?: string;
  brandColor?: string;
  routingMode?: RoutingMode;
  ringTimeoutSec?: number;
  maxConcurrentSeats?: number | null;
  allowedDomains?: string[];
  agentStatuses?: AgentStatus[];
  /** Reports: the IANA zone days are drawn in, and the service-level target. */
  timeZone?: string;
  serviceLevelSeconds?: number;
  serviceLevelPercent?: number;
  /** Days transcripts and visitor data are kept (server/privacy/retention.ts). */
  retentionDays?: number;
};

/** The queue report's wait histogram is exact to the second up to here (server/reports/queue/rollup.ts). */
export const MAX_SERVICE_LEVEL_SECONDS = 300;

/** The allowed domains as stored (normalised, de-duplicated), or a BAD_REQUEST naming the bad entry. */
export function normaliseAllowedDomains(entries: readonly string[]): string[] {
  if (entries.length > MAX_ALLOWED_DOMAINS) throw new AppError("BAD_REQUEST", `List at most ${MAX_ALLOWED_DOMAINS} domains.`);
  const out: string[] = [];
  entries.forEach((entry, i) => {
    const problem = allowedDomainError(entry);
    if (problem) {
      throw new AppError("BAD_REQUEST", `Allowed domain ${i + 1} (“${entry.trim().slice(0, 80)}”): ${problem}`, {
        field: "allowedDomains",
        index: i,
      });
    }
    const rule = parseAllowedDomain(entry)!;
    const value = rule.kind === "subdomains" ? `*.${rule.host}` : rule.host;
    if (!out.includes(value)) out.push(value);
  });
  return out;
}

/** The org's own statuses as stored: built-ins may only be relabelled; keys are unique. */
export function normaliseAgentStatuses(list: readonly AgentStatus[]): AgentStatus[] {
  if (list.length > MAX_AGENT_STATUSES) throw new AppError("BAD_REQUEST", `Keep to ${MAX_AGENT_STATUSES} statuses.`);
  const seen = new Set<string>();
  const out: AgentStatus[] = [];
  for (const s of list) {
    if (seen.has(s.key)) throw new AppError("BAD_REQUEST", `Two statuses share the key “${s.key}”.`, { field: "agentStatuses" });
    seen.add(s.key);
    const builtIn = BUILT_IN_STATUSES.find((b) => b.key === s.key);
    // A relabelled built-in keeps its routability (statuses.ts enforces it on read as well).
    out.push(
      builtIn
        ? { key: s.key, label: s.label.trim(), routable: builtIn.routable }
        : { key: s.key, label: s.label.trim(), routable: s.routable },
    );
  }
  // Built-ins with their default label need no entry.
  return out.filter((s) => !BUILT_IN_STATUSES.some((b) => b.key === s.key && b.label === s.label));
}

export async function updatePreferences(input: { orgId: string; actor: MemberActor; prefs: PreferencesInput }) {
  const p = input.prefs;
  const data: Prisma.OrganizationUpdateInput = {};
  if (p.name !== undefined) {
    const name = p.name.trim();
    if (!name) throw new AppError("BAD_REQUEST", "Enter the organization's name.", { field: "name" });
    data.name = name;
  }
  if (p.brandColor !== undefined) {
    if (!/^#[0-9a-f]{6}$/i.test(p.brandColor))
      throw new AppError("BAD_REQUEST", "Brand colour must look like #2563eb.", { field: "brandColor" });
    data.brandColor = p.brandColor.toLowerCase();
  }
  if (p.timeZone !== undefined) {
    if (!isValidTimeZone(p.timeZone.trim()))
      throw new AppError("BAD_REQUEST", "Time zone must be a zone name like America/New_York or Europe/Paris.", { field: "timeZone" });
    data.timeZone = p.timeZone.trim();
  }
  if (p.serviceLevelSeconds !== undefined) {
    if (!Number.isInteger(p.serviceLevelSeconds) || p.serviceLevelSeconds < 1 || p.serviceLevelSeconds > MAX_SERVICE_LEVEL_SECONDS)
      throw new AppError("BAD_REQUEST", `The service-level target is 1 to ${MAX_SERVICE_LEVEL_SECONDS} seconds.`, {
        field: "serviceLevelSeconds",
      });
    data.serviceLevelSeconds = p.serviceLevelSeconds;
  }
  if (p.serviceLevelPercent !== undefined) {
    if (!Number.isInteger(p.serviceLevelPercent) || p.serviceLevelPercent < 1 || p.serviceLevelPercent > 100)
      throw new AppError("BAD_REQUEST", "The service-level percentage is 1 to 100.", { field: "serviceLevelPercent" });
    data.serviceLevelPercent = p.serviceLevelPercent;
  }
  if (p.retentionDays !== undefined) {
    if (!Number.isInteger(p.retentionDays) || p.retentionDays < MIN_RETENTION_DAYS || p.retentionDays > MAX_RETENTION_DAYS)
      throw new AppError(
        "BAD_REQUEST",
        `Keep transcripts and visitor data ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days (7 years).`,
        { field: "retentionDays" },
      );
    data.retentionDays = p.retentionDays;
  }
  if (p.routingMode !== undefined) data.routingMode = p.routingMode;
  if (p.ringTimeoutSec !== undefined) data.ringTimeoutSec = p.ringTimeoutSec;
  if (p.maxConcurrentSeats !== undefined) data.maxConcurrentSeats = p.maxConcurrentSeats;
  if (p.allowedDomains !== undefined) data.allowedDomains = normaliseAllowedDomains(p.allowedDomains);
  const statuses = p.agentStatuses !== undefined ? normaliseAgentStatuses(p.agentStatuses) : undefined;
  if (statuses !== undefined) data.agentStatuses = statuses;

  const fx = newEffects();
  let zoneChanged = false;
  await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    if (data.timeZone !== undefined) {
      const before = await tx.organization.findUnique({ where: { id: input.orgId }, select: { timeZone: true } });
      zoneChanged = before?.timeZone !== data.timeZone;
    }
    await tx.organization.update({ where: { id: input.orgId }, data, select: { id: true } });
    if (statuses !== undefined) {
      // Agents in a state that no longer exists go offline (and stop being offered sessions).
      const keys = agentStatusesFor(statuses).map((s) => s.key);
      const stranded = await tx.agentPresence.findMany({
        where: { orgId: input.orgId, status: { notIn: keys } },
        select: { membershipId: true, capacity: true },
      });
      const now = new Date();
      for (const s of stranded) {
        await tx.agentPresence.update({
          where: { membershipId: s.membershipId },
          data: { status: "offline", since: now },
        });
        await recordStatusChange(tx, {
          orgId: input.orgId,
          membershipId: s.membershipId,
          status: "offline",
          routable: false,
          capacity: s.capacity,
          at: now,
        });
        await withdrawAgentOffers(tx, fx, input.orgId, s.membershipId);
        fx.notices.push(
          agentStatusNotice(input.orgId, {
            membershipId: s.membershipId,
            status: "offline",
            since: now.toISOString(),
            capacity: s.capacity,
          }),
        );
      }
    }
    await recordAudit(tx, input.actor, {
      orgId: input.orgId,
      action: "org.preferences_updated",
      targetType: "Organization",
      targetId: input.orgId,
      data: { fields: Object.keys(data) },
    });
  });
  await applyEffects(fx);
  // Report roll-ups are bucketed by local day: all of this org's are rebuilt in the new zone. Sent
  // after commit so the job reads the new zone (server/reports/refresh.ts, docs/reports.md).
  if (zoneChanged) {
    await sendJob(JOBS.reportsRebuildOrg, { orgId: input.orgId }, { singletonKey: input.orgId }).catch((e: unknown) =>
      console.error(`[reports] rebuild after the zone change of ${input.orgId} not queued: ${(e as Error).message}`),
    );
  }
  const org = await db.organization.findUniqueOrThrow({
    where: { id: input.orgId },
    select: { agentStatuses: true },
  });
  return { agentStatuses: agentStatusesFor(org.agentStatuses) };
}
