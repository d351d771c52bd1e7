// The org admin's side of invitations: invite, list the pending ones, resend, revoke.
import "server-only";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { MemberRole } from "../generated/prisma/enums";
import type { MemberActor } from "../access/actor";
import { createInvitation } from "./create";

function checkRole(actor: MemberActor, role: MemberRole) {
  if (role === "OWNER" && actor.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can invite another owner.");
}

async function inviterName(userId: string): Promise<string | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
  return u?.name ?? u?.email ?? null;
}

export async function inviteMember(input: { orgId: string; actor: MemberActor; email: string; role: MemberRole }) {
  checkRole(input.actor, input.role);
  const name = await inviterName(input.actor.userId);
  const { invitation } = await db.$transaction((tx) =>
    createInvitation(tx, {
      orgId: input.orgId,
      email: input.email,
      role: input.role,
      invitedByUserId: input.actor.userId,
      inviterName: name,
    }),
  );
  // The link itself only goes out by email: whoever reads the dashboard can't accept on someone's behalf.
  return invitation;
}

export async function listPendingInvitations({ orgId, now = new Date() }: { orgId: string; now?: Date }) {
  const rows = await db.invitation.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      createdAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    expired: r.expiresAt <= now,
    invitedBy: r.invitedBy ? (r.invitedBy.name ?? r.invitedBy.email) : null,
  }));
}

async function pending(orgId: string, invitationId: string) {
  const inv = await db.invitation.findFirst({
    where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
    select: { id: true, email: true, role: true },
  });
  if (!inv) throw notFound("Invitation");
  return inv;
}

/** A fresh link and a fresh week; the old link stops working. */
export async function resendInvitation(input: { orgId: string; actor: MemberActor; invitationId: string }) {
  const inv = await pending(input.orgId, input.invitationId);
  return inviteMember({ orgId: input.orgId, actor: input.actor, email: inv.email, role: inv.role });
}

export async function revokeInvitation(input: { orgId: string; actor: MemberActor; invitationId: string; now?: Date }) {
  const inv = await pending(input.orgId, input.invitationId);
  checkRole(input.actor, inv.role);
  const { count } = await db.invitation.updateMany({
    where: { id: inv.id, orgId: input.orgId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: input.now ?? new Date() },
  });
  if (count === 0) throw new AppError("CONFLICT", "That invitation was accepted or revoked meanwhile.");
  return { id: inv.id };
}
