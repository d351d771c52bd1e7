// Self sign-up: a business creates its account, its organization (default scenarios, a launcher,
// the owner's membership) and gets a verification email, all in one transaction.
//
// Throttle, without a table of its own: every attempt (valid or not) is an AuditLog row with no
// org (`account.sign_up_attempt`, the IP in `ip`); more than SIGN_UP_LIMITS.perIp of them from
// one address inside the window are refused. Behind no proxy every client is "unknown": one bucket.
import "server-only";
import { userActor, visitorActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError } from "../errors";
import { createOrganization } from "../orgs/create-org";
import { issueVerificationEmail } from "./email-verification";
import { hashPassword } from "./password";
import type { SignUpInput } from "./sign-up-input";

export const SIGN_UP_LIMITS = { windowMs: 60 * 60_000, perIp: 20 } as const;
export const SIGN_UP_ATTEMPT = "account.sign_up_attempt";

/** Refuses when this address made too many attempts; otherwise counts this one. */
export async function throttleSignUp(ip: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - SIGN_UP_LIMITS.windowMs);
  const recent = await db.auditLog.findMany({
    where: { orgId: null, action: SIGN_UP_ATTEMPT, ip, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: SIGN_UP_LIMITS.perIp,
  });
  if (recent.length >= SIGN_UP_LIMITS.perIp) {
    const minutes = Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + SIGN_UP_LIMITS.windowMs - now.getTime()) / 60_000));
    throw new AppError("TOO_MANY_REQUESTS", `Too many sign-ups from your network. Try again in ${minutes} minutes.`, {
      retryAfterMinutes: minutes,
    });
  }
  await recordAudit(db, visitorActor(ip), { orgId: null, action: SIGN_UP_ATTEMPT, at: now });
}

export const EMAIL_TAKEN = "An account with this email address already exists. Sign in instead, or use another address.";

export async function signUp(input: SignUpInput, opts: { ip: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const taken = () => new AppError("CONFLICT", EMAIL_TAKEN, { field: "email" });
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw taken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.ownerName, passwordHash },
        select: { id: true, email: true, name: true },
      });
      const { org, launcher } = await createOrganization(tx, {
        name: input.businessName,
        ownerUserId: user.id,
        allowedDomains: input.allowedDomains,
        plan: input.plan,
      });
      await issueVerificationEmail(tx, user, {
        orgId: org.id,
        now,
        intro: `Welcome to iSession! ${org.name} is ready. Please confirm your email address to keep your account.`,
      });
      await recordAudit(tx, userActor(user.id, opts.ip), {
        orgId: org.id,
        action: "org.signed_up",
        targetType: "Organization",
        targetId: org.id,
        data: { plan: input.plan, allowedDomains: input.allowedDomains },
        at: now,
      });
      return { userId: user.id, orgId: org.id, launcherKey: launcher.key };
    });
  } catch (e) {
    // Two sign-ups for one address at once: the unique index decides, the loser hears why.
    if ((e as { code?: string }).code === "P2002" && (await db.user.findUnique({ where: { email: input.email }, select: { id: true } }))) {
      throw taken();
    }
    throw e;
  }
}
