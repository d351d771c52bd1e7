// Who is this visitor? The signed cookie (cookie.ts) carries a random id; each org keeps its own
// Visitor row for it, so a returning visitor is recognised per org (name and email prefilled, earlier
// sessions linked through the same row). A cookie that fails verification is treated as absent.
import "server-only";
import { db } from "../db";
import { VISITOR_COOKIE_MAX_AGE_SEC, newVisitorCookieId, verifyVisitorCookie } from "./cookie";

export type KnownVisitor = {
  id: string;
  name: string | null;
  email: string | null;
  firstSeenAt: Date;
  /** Earlier queue entries of this visitor with this org. */
  earlierVisits: number;
};

/** The visitor's row in `orgId` for a verified cookie id, or null for a first visit (or no cookie). */
export async function findVisitor(orgId: string, cookieId: string | null): Promise<KnownVisitor | null> {
  if (!cookieId) return null;
  const v = await db.visitor.findUnique({
    where: { orgId_cookieId: { orgId, cookieId } },
    select: {
      id: true,
      name: true,
      email: true,
      firstSeenAt: true,
      _count: { select: { queueEntries: true } },
    },
  });
  return v
    ? {
        id: v.id,
        name: v.name,
        email: v.email,
        firstSeenAt: v.firstSeenAt,
        earlierVisits: v._count.queueEntries,
      }
    : null;
}

/** The cookie id to use: the verified one, or a fresh one (and whether it must be set). */
export function cookieIdFor(cookieValue: string | null | undefined): { cookieId: string; isNew: boolean } {
  const existing = verifyVisitorCookie(cookieValue);
  return existing ? { cookieId: existing, isNew: false } : { cookieId: newVisitorCookieId(), isNew: true };
}

/**
 * Creates or refreshes the visitor's row: what they typed replaces what we had, an empty field keeps
 * it, and a signed-in visitor is linked to their user.
 */
export async function upsertVisitor(input: {
  orgId: string;
  cookieId: string;
  name?: string | null;
  email?: string | null;
  userId?: string | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const fields = {
    ...(input.name ? { name: input.name } : {}),
    ...(input.email ? { email: input.email.toLowerCase() } : {}),
    ...(input.userId ? { userId: input.userId } : {}),
  };
  return db.visitor.upsert({
    where: { orgId_cookieId: { orgId: input.orgId, cookieId: input.cookieId } },
    create: { orgId: input.orgId, cookieId: input.cookieId, firstSeenAt: now, lastSeenAt: now, ...fields },
    update: { lastSeenAt: now, ...fields },
    select: { id: true, name: true, email: true },
  });
}

/** Options for the visitor cookie: long-lived, httpOnly, Lax, Secure on https. */
export function visitorCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: VISITOR_COOKIE_MAX_AGE_SEC };
}
