// Accepting an invitation from its emailed link. Single use: the invitation is claimed with one
// conditional UPDATE (still pending, not revoked, not expired) in the same transaction that creates
// the membership, so two clicks, or two browsers, make one membership.
import "server-only";
import { checkPasswordPolicy } from "../accounts/password-policy";
import { hashPassword } from "../accounts/password";
import { userActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { MemberRole } from "../generated/prisma/enums";
import { hashInvitationToken } from "./create";

type Tx = Prisma.TransactionClient;

export type InvitationState = "pending" | "expired" | "accepted" | "revoked" | "not_found";

export type InvitationView =
  | { state: "not_found" }
  | {
      state: Exclude<InvitationState, "not_found">;
      email: string;
      role: MemberRole;
      orgName: string;
      expiresAt: Date;
      /** An account with the invited address exists (sign in to accept) or not (create one). */
      accountExists: boolean;
    };

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

async function findByToken(tx: Tx | typeof db, token: string) {
  if (!TOKEN.test(token)) return null;
  return tx.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      orgId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true, status: true } },
    },
  });
}

function stateOf(
  inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null },
  now: Date,
): Exclude<InvitationState, "not_found"> {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "pending";
}

export async function viewInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const inv = await findByToken(db, token);
  if (!inv) return { state: "not_found" };
  const account = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return {
    state: stateOf(inv, now),
    email: inv.email,
    role: inv.role,
    orgName: inv.org.name,
    expiresAt: inv.expiresAt,
    accountExists: account !== null,
  };
}

const REFUSAL: Record<Exclude<InvitationState, "pending">, string> = {
  not_found: "This invitation link is not valid. It may have been replaced by a newer one.",
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  accepted: "This invitation has already been used.",
  revoked: "This invitation was withdrawn.",
};

/** Claims the invitation and creates the membership, inside `tx`. */
async function claim(tx: Tx, token: string, user: { id: string; email: string }, now: Date) {
  const inv = await findByToken(tx, token);
  if (!inv) throw new AppError("NOT_FOUND", REFUSAL.not_found);
  const state = stateOf(inv, now);
  if (state !== "pending") throw new AppError(state === "expired" ? "PRECONDITION_FAILED" : "CONFLICT", REFUSAL[state], { state });
  if (inv.email !== user.email.toLowerCase()) {
    throw new AppError("FORBIDDEN", `This invitation is for ${inv.email}. Sign in with that address to accept it.`);
  }
  // A reseller's people manage their clients from the portal and never sit inside a client org:
  // otherwise a reseller could invite itself as a client's owner and hold the org directly.
  if ((await tx.resellerMember.count({ where: { userId: user.id } })) > 0) {
    throw new AppError(
      "FORBIDDEN",
      `This account belongs to a reseller and can't join ${inv.org.name}. Ask for the invitation to go to another address.`,
    );
  }
  const { count } = await tx.invitation.updateMany({
    where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (count === 0) throw new AppError("CONFLICT", REFUSAL.accepted, { state: "accepted" });
  const existing = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: inv.orgId, userId: user.id } },
    select: { id: true },
  });
  if (existing) throw new AppError("CONFLICT", `You are already a member of ${inv.org.name}.`);
  const membership = await tx.membership.create({
    data: {
      orgId: inv.orgId,
      userId: user.id,
      role: inv.role,
      presence: { create: { orgId: inv.orgId, status: "offline", since: now } },
    },
    select: { id: true, role: true, orgId: true },
  });
  await recordAudit(tx, userActor(user.id), {
    orgId: inv.orgId,
    action: "invitation.accepted",
    targetType: "Membership",
    targetId: membership.id,
    data: { role: inv.role },
  });
  return { ...membership, orgName: inv.org.name };
}

/** A signed-in user accepts (their email must be the invited one). */
export async function acceptInvitation(input: { token: string; user: { id: string; email: string }; now?: Date }) {
  const now = input.now ?? new Date();
  return db.$transaction((tx) => claim(tx, input.token, input.user, now));
}

/** Someone without an account accepts: the account is created with the invited email, verified by the link. */
export async function acceptInvitationWithNewAccount(input: { token: string; name: string; password: string; now?: Date }) {
  const now = input.now ?? new Date();
  const inv = await findByToken(db, input.token);
  if (!inv) throw new AppError("NOT_FOUND", REFUSAL.not_found);
  const problem = checkPasswordPolicy(input.password, inv.email);
  if (problem) throw new AppError("BAD_REQUEST", problem, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const taken = await tx.user.findUnique({ where: { email: inv.email }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `An account for ${inv.email} already exists. Sign in to accept the invitation.`);
    const user = await tx.user.create({
      data: { email: inv.email, name: input.name.trim(), passwordHash, emailVerifiedAt: now },
      select: { id: true, email: true },
    });
    const membership = await claim(tx, input.token, user, now);
    return { ...membership, email: user.email };
  });
}
