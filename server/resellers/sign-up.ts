// A reseller (VAR) signs itself up: the person's account, the reseller and the person's seat in it,
// in one transaction. The browser then signs in with the same email and password.
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { hashPassword } from "../accounts/password";
import { normalizeEmail } from "../accounts/sign-in";
import { userActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db as defaultDb, type Db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { slugify } from "../orgs/create-org";
import { DEFAULT_REVENUE_SHARE_BPS } from "./config";
import { checkPasswordPolicy } from "../accounts/password-policy";

/** An email address as typed: surrounding spaces and capitals do not make it a different one. */
export const emailInput = (message = "Enter a valid email address.") => safeString().trim().toLowerCase().max(254).pipe(z.email(message));

export const resellerSignUpInput = z.object({
  resellerName: safeString().trim().min(2, "Enter your company's name.").max(100),
  name: safeString().trim().min(1, "Enter your name.").max(100),
  email: emailInput(),
  password: safeString().max(200),
});
export type ResellerSignUpInput = z.infer<typeof resellerSignUpInput>;

export async function signUpReseller(input: ResellerSignUpInput, db: Db = defaultDb) {
  const email = normalizeEmail(input.email);
  const problem = checkPasswordPolicy(input.password, email);
  if (problem) throw new AppError("BAD_REQUEST", problem, { field: "password" });
  const taken = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (taken) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const base = slugify(input.resellerName);
  try {
    return await db.$transaction(async (tx) => {
      const clash = await tx.reseller.findUnique({ where: { slug: base }, select: { id: true } });
      const slug = clash ? `${base}-${randomBytes(3).toString("hex")}` : base;
      const user = await tx.user.create({ data: { email, name: input.name, passwordHash } });
      const reseller = await tx.reseller.create({
        data: { name: input.resellerName, slug, revenueShareBps: DEFAULT_REVENUE_SHARE_BPS },
      });
      await tx.resellerMember.create({ data: { resellerId: reseller.id, userId: user.id } });
      await recordAudit(tx, userActor(user.id), {
        orgId: null,
        action: "reseller.signed_up",
        targetType: "Reseller",
        targetId: reseller.id,
      });
      return { userId: user.id, resellerId: reseller.id, email };
    });
  } catch (e) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw emailTaken();
    throw e;
  }
}

function emailTaken() {
  return new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", { field: "email" });
}
