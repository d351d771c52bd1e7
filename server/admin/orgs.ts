// The operator's view of every organization and every reseller.
import "server-only";
import type { OperatorActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { REACTIVATE_ACTION, SUSPEND_ACTION, reactivateOrganization, suspendOrganization, type StatusChange } from "../orgs/status";
import { ORG_SUMMARY_SELECT } from "../orgs/summary";
import { memberRow } from "../resellers/sub-clients";
import { MAX_REVENUE_SHARE_BPS } from "../resellers/config";
import { usageThisMonth } from "../resellers/usage";

export const ADMIN_PAGE_SIZE = 50;

/** The operator suspends an org (the same change billing and resellers make, audited as the operator). */
export function suspendOrgAsOperator(input: { orgId: string; reason: string; actor: OperatorActor }): Promise<StatusChange> {
  return suspendOrganization(db, input);
}

export function reactivateOrgAsOperator(input: { orgId: string; note?: string; actor: OperatorActor }): Promise<StatusChange> {
  return reactivateOrganization(db, input);
}

export type OrgFilter = {
  search?: string;
  status?: "ACTIVE" | "SUSPENDED";
  /** A reseller's id, or "direct" for organizations without one. */
  reseller?: string;
  cursor?: string;
};

export async function listOrgsForAdmin(filter: OrgFilter, now = new Date()) {
  const q = filter.search?.trim();
  const where: Prisma.OrganizationWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.reseller === "direct" ? { resellerId: null } : filter.reseller ? { resellerId: filter.reseller } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { slug: { contains: q, mode: "insensitive" } },
            { id: q },
            { memberships: { some: { role: "OWNER", user: { email: { contains: q, mode: "insensitive" } } } } },
          ],
        }
      : {}),
  };
  const rows = await db.organization.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ADMIN_PAGE_SIZE + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      ...ORG_SUMMARY_SELECT,
      reseller: { select: { id: true, name: true } },
      _count: { select: { memberships: { where: { active: true } } } },
    },
  });
  const page = rows.slice(0, ADMIN_PAGE_SIZE);
  const usage = await usageThisMonth(
    page.map((o) => o.id),
    now,
  );
  return {
    items: page.map(({ _count, ...o }) => ({ ...o, members: _count.memberships, usage: usage.get(o.id)! })),
    nextCursor: rows.length > ADMIN_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}

export async function getOrgForAdmin(orgId: string, now = new Date()) {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: {
      ...ORG_SUMMARY_SELECT,
      allowedDomains: true,
      reseller: { select: { id: true, name: true } },
      memberships: {
        orderBy: { createdAt: "asc" },
        take: 100,
        select: { id: true, role: true, active: true, user: { select: { name: true, email: true } } },
      },
      invitations: {
        where: { acceptedAt: null },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, email: true, role: true, expiresAt: true },
      },
      auditLogs: {
        where: { action: { in: [SUSPEND_ACTION, REACTIVATE_ACTION] } },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, action: true, actorType: true, data: true, createdAt: true },
      },
    },
  });
  if (!org) throw notFound("Organization");
  const { auditLogs, memberships, ...rest } = org;
  return {
    ...rest,
    members: memberships.map(memberRow),
    statusHistory: auditLogs.map((a) => {
      const d = a.data as { reason?: unknown; note?: unknown; by?: unknown };
      return {
        id: a.id,
        action: a.action,
        actorType: a.actorType,
        by: typeof d.by === "string" ? d.by : a.actorType,
        reason: typeof d.reason === "string" ? d.reason : typeof d.note === "string" ? d.note : null,
        createdAt: a.createdAt,
      };
    }),
    usage: (await usageThisMonth([org.id], now)).get(org.id)!,
  };
}

export async function listResellersForAdmin() {
  const rows = await db.reseller.findMany({
    orderBy: { createdAt: "desc" },
    take: 500,
    select: {
      id: true,
      name: true,
      slug: true,
      revenueShareBps: true,
      active: true,
      createdAt: true,
      members: { select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" }, take: 5 },
      _count: { select: { organizations: true } },
    },
  });
  return rows.map(({ members, _count, ...r }) => ({
    ...r,
    memberEmails: members.map((m) => m.user.email),
    subClients: _count.organizations,
  }));
}

/** The operator sets a reseller's share; audited with the old and new value. */
export async function setRevenueShare(input: { resellerId: string; bps: number; actor: OperatorActor }) {
  if (!Number.isInteger(input.bps) || input.bps < 0 || input.bps > MAX_REVENUE_SHARE_BPS) {
    throw new AppError("BAD_REQUEST", "The share is a whole number of basis points from 0 to 10000 (100 %).");
  }
  return db.$transaction(async (tx) => {
    const before = await tx.reseller.findUnique({ where: { id: input.resellerId }, select: { revenueShareBps: true } });
    if (!before) throw notFound("Reseller");
    const after = await tx.reseller.update({
      where: { id: input.resellerId },
      data: { revenueShareBps: input.bps },
      select: { id: true, revenueShareBps: true },
    });
    await recordAudit(tx, input.actor, {
      orgId: null,
      action: "reseller.share_changed",
      targetType: "Reseller",
      targetId: input.resellerId,
      data: { from: before.revenueShareBps, to: input.bps },
    });
    return after;
  });
}
