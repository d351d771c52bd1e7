// An org admin changing a member: role, capacity, deactivate / reactivate. Rules:
// - Only an owner may make someone an owner or change an owner (role or active flag).
// - The org always keeps at least one active owner.
// - Nobody deactivates themselves (they would lock themselves out mid-click); another admin can.
// - Deactivation takes the member out of routing at once: presence offline, pending offers
//   withdrawn, under the org's routing lock. Sessions they are in carry on until they leave.
import "server-only";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { recordStatusChange } from "../agents/status-history";
import { agentStatusNotice } from "../agents/status-notice";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { MemberRole } from "../generated/prisma/enums";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { withdrawAgentOffers } from "../routing/offers";

type Tx = Prisma.TransactionClient;

async function loadTarget(tx: Tx, orgId: string, membershipId: string) {
  const target = await tx.membership.findFirst({
    where: { id: membershipId, orgId },
    select: { id: true, role: true, active: true, userId: true },
  });
  if (!target) throw notFound("Member");
  return target;
}

async function activeOwnerCount(tx: Tx, orgId: string): Promise<number> {
  return tx.membership.count({ where: { orgId, role: "OWNER", active: true } });
}

function requireOwnerFor(actor: MemberActor, what: string) {
  if (actor.role !== "OWNER") throw new AppError("FORBIDDEN", `Only an owner can ${what}.`);
}

async function audit(tx: Tx, orgId: string, actor: MemberActor, action: string, targetId: string, data: Prisma.InputJsonObject) {
  await recordAudit(tx, actor, { orgId, action, targetType: "Membership", targetId, data });
}

export async function changeMemberRole(input: { orgId: string; actor: MemberActor; membershipId: string; role: MemberRole }) {
  return db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const target = await loadTarget(tx, input.orgId, input.membershipId);
    if (target.role === input.role) return { id: target.id, role: target.role };
    if (target.role === "OWNER") requireOwnerFor(input.actor, "change an owner's role");
    if (input.role === "OWNER") requireOwnerFor(input.actor, "make someone an owner");
    if (target.role === "OWNER" && target.active && (await activeOwnerCount(tx, input.orgId)) <= 1) {
      throw new AppError("PRECONDITION_FAILED", "This is the organization's last owner. Make someone else an owner first.");
    }
    const updated = await tx.membership.update({
      where: { id: target.id },
      data: { role: input.role },
      select: { id: true, role: true },
    });
    await audit(tx, input.orgId, input.actor, "member.role_changed", target.id, {
      from: target.role,
      to: input.role,
    });
    return updated;
  });
}

export async function setMemberActive(input: { orgId: string; actor: MemberActor; membershipId: string; active: boolean; now?: Date }) {
  const now = input.now ?? new Date();
  const fx = newEffects();
  const result = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const target = await loadTarget(tx, input.orgId, input.membershipId);
    if (target.active === input.active) return { id: target.id, active: target.active };
    if (target.role === "OWNER") requireOwnerFor(input.actor, input.active ? "reactivate an owner" : "deactivate an owner");
    if (!input.active) {
      if (target.id === input.actor.membershipId) {
        throw new AppError("BAD_REQUEST", "You can't deactivate yourself; ask another admin.");
      }
      if (target.role === "OWNER" && (await activeOwnerCount(tx, input.orgId)) <= 1) {
        throw new AppError("PRECONDITION_FAILED", "This is the organization's last owner and can't be deactivated.");
      }
    }
    await tx.membership.update({ where: { id: target.id }, data: { active: input.active } });
    if (!input.active) {
      const presence = await tx.agentPresence.upsert({
        where: { membershipId: target.id },
        create: { orgId: input.orgId, membershipId: target.id, status: "offline", since: now },
        update: { status: "offline", since: now },
      });
      await recordStatusChange(tx, {
        orgId: input.orgId,
        membershipId: target.id,
        status: "offline",
        routable: false,
        capacity: presence.capacity,
        at: now,
      });
      await withdrawAgentOffers(tx, fx, input.orgId, target.id);
      fx.notices.push(
        agentStatusNotice(input.orgId, {
          membershipId: target.id,
          status: "offline",
          since: now.toISOString(),
          capacity: presence.capacity,
        }),
      );
    }
    await audit(tx, input.orgId, input.actor, input.active ? "member.reactivated" : "member.deactivated", target.id, {});
    return { id: target.id, active: input.active };
  });
  await applyEffects(fx);
  return result;
}
