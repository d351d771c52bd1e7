// A reseller's sub-clients: the organizations whose `resellerId` is the reseller's. The reseller
// manages them from outside: it creates them, invites each one's first admin (who becomes the
// owner on accepting), sees their usage and may suspend them. Its own users join no client org,
// so nothing here goes through orgProcedure; `subClientWhere` is the one access rule.
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { resellerActor, type ResellerActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { createInvitation } from "../invitations/create";
import { allowedDomainError } from "../launchers/domain";
import { createOrganizationAwaitingOwner } from "../orgs/create-org";
import { reactivateOrganization, suspendOrganization } from "../orgs/status";
import { ORG_SUMMARY_SELECT } from "../orgs/summary";
import type { MemberRole } from "../generated/prisma/enums";
import type { Tx } from "../tx";
import { normaliseDomainEntry } from "../accounts/sign-up-input";
import { emailInput } from "./sign-up";
import { usageThisMonth } from "./usage";

/** A reseller member as the portal knows them: the audited actor, and the names an invitation email shows. */
export type ResellerCaller = ResellerActor & { resellerName: string; userName: string | null };

/** The only way to look up a sub-client: an org id from the client is checked against the reseller. */
export function subClientWhere(resellerId: string, unverifiedOrgId: string) {
  return { id: unverifiedOrgId, resellerId };
}

/** The sub-client, or NOT_FOUND exactly as for an org that does not exist. */
export async function requireSubClient(resellerId: string, unverifiedOrgId: string) {
  const org = await db.organization.findFirst({
    where: subClientWhere(resellerId, unverifiedOrgId),
    select: { id: true, name: true, status: true },
  });
  if (!org) throw notFound("Organization");
  return org;
}

const domainsSchema = z
  .array(safeString().trim().max(253))
  .max(50, "At most 50 allowed domains.")
  .superRefine((list, ctx) => {
    list.forEach((d, i) => {
      const problem = allowedDomainError(d);
      if (problem) ctx.addIssue({ code: "custom", path: [i], message: `${d || "(empty)"}: ${problem}` });
    });
  })
  // Stored exactly as sign-up stores them (punycode, `*.host`), so the entry check matches alike.
  .transform((list) => [...new Set(list.map((d) => normaliseDomainEntry(d) ?? d.toLowerCase()))]);

export const createSubClientInput = z.object({
  name: safeString().trim().min(2, "Enter the client's name.").max(100),
  plan: z.enum(["PER_MINUTE", "PER_HIT"]),
  allowedDomains: domainsSchema,
  adminEmail: emailInput("Enter the email of the client's first admin."),
});

async function activeOwnerCount(tx: Tx | typeof db, orgId: string) {
  return tx.membership.count({ where: { orgId, role: "OWNER", active: true } });
}

async function inviteOwnerInTx(tx: Tx, orgId: string, email: string, actor: ResellerCaller) {
  // The accept link is emailed and never returned: a reseller who held it could accept it and
  // create an account under the client's address.
  const { invitation } = await createInvitation(tx, {
    orgId,
    email,
    role: "OWNER",
    invitedByUserId: actor.userId,
    inviterName: actor.userName ? `${actor.userName} at ${actor.resellerName}` : actor.resellerName,
  });
  await recordAudit(tx, actor, {
    orgId,
    action: "invitation.created",
    targetType: "Invitation",
    targetId: invitation.id,
    data: { email: invitation.email, role: "OWNER", resellerId: actor.resellerId },
  });
  return { invitationId: invitation.id, email: invitation.email };
}

/** New sub-clients a reseller may create in 24 hours: each one sends an email to an address it chose. */
export const SUB_CLIENTS_PER_DAY = 20;

export async function createSubClient(actor: ResellerCaller, input: z.infer<typeof createSubClientInput>) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sub-clients:${actor.resellerId}`}, 0))`;
    const today = await tx.organization.count({
      where: { resellerId: actor.resellerId, createdAt: { gt: new Date(Date.now() - 86_400_000) } },
    });
    if (today >= SUB_CLIENTS_PER_DAY) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `You have created ${SUB_CLIENTS_PER_DAY} clients in the last 24 hours. Try again tomorrow, or contact support.`,
      );
    }
    const { org } = await createOrganizationAwaitingOwner(tx, {
      name: input.name,
      plan: input.plan,
      allowedDomains: input.allowedDomains,
      resellerId: actor.resellerId,
    });
    await recordAudit(tx, actor, {
      orgId: org.id,
      action: "org.created",
      targetType: "Organization",
      targetId: org.id,
      data: { resellerId: actor.resellerId, plan: input.plan },
    });
    const invite = await inviteOwnerInTx(tx, org.id, input.adminEmail, actor);
    return { orgId: org.id, invitation: invite };
  });
}

/**
 * Invites (or re-invites, replacing the pending link) the sub-client's owner. Only while the client
 * has no owner yet: once someone owns it, its people are its own business.
 */
export async function inviteSubClientOwner(actor: ResellerCaller, unverifiedOrgId: string, email: string) {
  const org = await requireSubClient(actor.resellerId, unverifiedOrgId);
  return db.$transaction(async (tx) => {
    if ((await activeOwnerCount(tx, org.id)) > 0) {
      throw new AppError("CONFLICT", `${org.name} already has an owner; they invite their own team.`);
    }
    return inviteOwnerInTx(tx, org.id, email, actor);
  });
}

async function requirePendingOwnerInvitation(resellerId: string, unverifiedOrgId: string, invitationId: string) {
  const org = await requireSubClient(resellerId, unverifiedOrgId);
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, orgId: org.id, role: "OWNER", acceptedAt: null },
    select: { id: true, email: true },
  });
  if (!invitation) throw notFound("Invitation");
  return { org, invitation };
}

/** Sends the pending owner invitation again, with a fresh link (the old one stops working). */
export async function resendSubClientInvitation(actor: ResellerCaller, unverifiedOrgId: string, invitationId: string) {
  const { org, invitation } = await requirePendingOwnerInvitation(actor.resellerId, unverifiedOrgId, invitationId);
  return inviteSubClientOwner(actor, org.id, invitation.email);
}

export async function revokeSubClientInvitation(actor: ResellerCaller, unverifiedOrgId: string, invitationId: string) {
  const { org, invitation } = await requirePendingOwnerInvitation(actor.resellerId, unverifiedOrgId, invitationId);
  await db.$transaction(async (tx) => {
    await tx.invitation.delete({ where: { id: invitation.id } });
    await recordAudit(tx, actor, {
      orgId: org.id,
      action: "invitation.revoked",
      targetType: "Invitation",
      targetId: invitation.id,
      data: { email: invitation.email, resellerId: actor.resellerId },
    });
  });
  return { ok: true as const };
}

/** `ip` goes on the audit row: suspensions are audited with the address, like the operator's. */
export async function suspendSubClient(actor: ResellerCaller, unverifiedOrgId: string, reason: string, ip?: string) {
  const org = await requireSubClient(actor.resellerId, unverifiedOrgId);
  return suspendOrganization(db, { orgId: org.id, reason, actor: resellerActor(actor.userId, actor.resellerId, ip) });
}

export async function reactivateSubClient(actor: ResellerCaller, unverifiedOrgId: string, ip?: string) {
  const org = await requireSubClient(actor.resellerId, unverifiedOrgId);
  return reactivateOrganization(db, { orgId: org.id, actor: resellerActor(actor.userId, actor.resellerId, ip) });
}

const listSelect = {
  ...ORG_SUMMARY_SELECT,
  _count: { select: { memberships: { where: { active: true } } } },
  invitations: {
    where: { acceptedAt: null, role: "OWNER" },
    select: { id: true, email: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 1,
  },
} as const;

function pending(invitations: { id: string; email: string; expiresAt: Date; createdAt: Date }[], now: Date) {
  const i = invitations[0];
  return i ? { ...i, expired: i.expiresAt <= now } : null;
}

/** A membership as the portal and the console list it. */
export function memberRow(m: { id: string; role: MemberRole; active: boolean; user: { name: string | null; email: string } }) {
  return { id: m.id, role: m.role, active: m.active, name: m.user.name, email: m.user.email };
}

/** Newest first. A reseller's book is small (hundreds at most), so no paging yet. */
export async function listSubClients(resellerId: string, now = new Date()) {
  const orgs = await db.organization.findMany({
    where: { resellerId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: listSelect,
  });
  const usage = await usageThisMonth(
    orgs.map((o) => o.id),
    now,
  );
  return orgs.map(({ _count, invitations, ...o }) => ({
    ...o,
    agents: _count.memberships,
    pendingInvitation: pending(invitations, now),
    usage: usage.get(o.id)!,
  }));
}

export async function getSubClient(resellerId: string, unverifiedOrgId: string, now = new Date()) {
  const org = await db.organization.findFirst({
    where: subClientWhere(resellerId, unverifiedOrgId),
    select: {
      ...listSelect,
      allowedDomains: true,
      launchers: { where: { archivedAt: null }, select: { key: true, name: true }, orderBy: { createdAt: "asc" } },
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, active: true, user: { select: { name: true, email: true } } },
      },
      auditLogs: {
        // The client's own invitations (its admins inviting agents) are its business, not the reseller's.
        where: {
          OR: [
            { action: { in: ["org.suspended", "org.reactivated", "org.created"] } },
            { action: { in: ["invitation.created", "invitation.revoked"] }, actorType: "reseller" },
          ],
        },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, action: true, actorType: true, data: true, createdAt: true },
      },
    },
  });
  if (!org) throw notFound("Organization");
  const usage = (await usageThisMonth([org.id], now)).get(org.id)!;
  const { _count: _members, invitations, memberships, auditLogs, ...rest } = org;
  return {
    ...rest,
    members: memberships.map(memberRow),
    pendingInvitation: pending(invitations, now),
    history: auditLogs.map((a) => ({
      id: a.id,
      action: a.action,
      actorType: a.actorType,
      reason: typeof (a.data as { reason?: unknown }).reason === "string" ? (a.data as { reason: string }).reason : null,
      email: typeof (a.data as { email?: unknown }).email === "string" ? (a.data as { email: string }).email : null,
      createdAt: a.createdAt,
    })),
    usage,
  };
}
