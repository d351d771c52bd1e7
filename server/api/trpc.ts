// tRPC: the context and the procedure kinds. Routers in ./routers stay thin: validate, resolve the
// caller, call one function in server/<domain>/.
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { safeString } from "./schemas/safe-string";
import { can, type Permission } from "../access/permissions";
import { db } from "../db";
import { AppError, isUnstorableTextError, type AppErrorCode } from "../errors";
import type { MemberRole } from "../generated/prisma/enums";
import { cachedSeat, reloadSeat, requireSeat, type SessionCaller } from "../sessions/participant";

export type ContextUser = { id: string; email: string; name: string | null };

export type Context = {
  user: ContextUser | null;
  ip: string;
  /** The verified id from the signed visitor cookie, when the browser carries one. */
  visitorCookieId: string | null;
  /** The browser said the request comes from another site (server/http/origin.ts). */
  foreignOrigin: boolean;
};

export type CreateContextOptions = { user: ContextUser | null; ip?: string; visitorCookieId?: string | null; foreignOrigin?: boolean };

export function createContext(opts: CreateContextOptions): Context {
  return {
    user: opts.user,
    ip: opts.ip ?? "unknown",
    visitorCookieId: opts.visitorCookieId ?? null,
    foreignOrigin: opts.foreignOrigin ?? false,
  };
}

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // The one place errors are shaped for clients: AppError codes, and zod issues flattened for forms.
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: cause instanceof AppError ? cause.code : null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        // Internal errors never leak their stack or message to clients.
        stack: undefined,
      },
      message: error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError) ? "Something went wrong." : shape.message,
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** A domain error as the TRPCError the procedures answer with (its code mapped, itself the cause for the formatter). */
export const trpcError = (cause: AppError) => new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });

/**
 * Every procedure's first step (one middleware, not two: tRPC copies the context and its options
 * at every step, and a chat line is a procedure call).
 * Mutations only from our own pages: a browser on another site carries the user's cookies (Lax
 * allows top-level posts, and same-site subdomains) but not our Origin. Queries change nothing and
 * their answers are not readable across origins.
 * Then a domain AppError becomes the matching TRPCError, keeping it as the cause for the formatter.
 */
const guarded = t.middleware(async ({ ctx, type, next }) => {
  if (type === "mutation" && ctx.foreignOrigin) throw trpcError(new AppError("FORBIDDEN", "This request must come from this site."));
  const result = await next();
  if (!result.ok && isUnstorableTextError(result.error.cause)) {
    throw trpcError(new AppError("BAD_REQUEST", "The text contains a character that cannot be stored (U+0000 or an unpaired surrogate)."));
  }
  if (!result.ok && result.error.cause instanceof AppError) throw trpcError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(guarded);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Please sign in.");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export type OrgContext = {
  org: { id: string; name: string; slug: string; status: "ACTIVE" | "SUSPENDED" };
  member: { id: string; role: MemberRole; userId: string };
};

/**
 * A procedure on one organization. Its input carries `orgId`, which is unverified until the caller's
 * active membership is found: org and membership come back from one query. A stranger gets NOT_FOUND,
 * a member without the permission FORBIDDEN.
 */
export function orgProcedure(permission: Permission) {
  return protectedProcedure.input(z.object({ orgId: safeString().min(1).max(64) })).use(async ({ ctx, input, next }) => {
    const unverifiedOrgId = input.orgId;
    const membership = await db.membership.findFirst({
      where: { orgId: unverifiedOrgId, userId: ctx.user.id, active: true },
      select: {
        id: true,
        role: true,
        userId: true,
        org: { select: { id: true, name: true, slug: true, status: true } },
      },
    });
    if (!membership) throw new AppError("NOT_FOUND", "Organization not found.");
    if (!can(membership.role, permission)) {
      throw new AppError("FORBIDDEN", "Your role does not allow this.", { permission });
    }
    const scoped: OrgContext = {
      org: membership.org,
      member: { id: membership.id, role: membership.role, userId: membership.userId },
    };
    return next({ ctx: { ...ctx, ...scoped } });
  });
}

/** Who calls inside a session: a signed-in member or a visitor (cookie); neither gets NOT_FOUND, as for a session that does not exist. */
function sessionCaller(ctx: Context): SessionCaller {
  const caller = sessionCallerOf(ctx);
  if (!caller) throw new AppError("NOT_FOUND", "Session not found.");
  return caller;
}

/** The session caller the context names, or null for a request with neither (also the HTTP handler's early refusal). */
export function sessionCallerOf(ctx: Context): SessionCaller | null {
  if (!ctx.user && !ctx.visitorCookieId) return null;
  return { userId: ctx.user?.id, visitorCookieId: ctx.visitorCookieId };
}

const sessionInput = z.object({ sessionId: safeString().min(1).max(64) });

/**
 * A procedure inside one session, for anyone seated in it: a signed-in member or a visitor (cookie).
 * Without a seat: NOT_FOUND, exactly as for a session that does not exist.
 */
export const sessionProcedure = publicProcedure.input(sessionInput).use(async ({ ctx, input, next }) => {
  const caller = sessionCaller(ctx);
  const seat = await requireSeat(caller, input.sessionId);
  // tRPC merges what `next` is given into the context.
  return next({ ctx: { caller, seat } });
});

/**
 * sessionProcedure for a chat line, the hot path: the seat may come from the per-process cache
 * (sessions/participant.ts `cachedSeat`), which the line's append checks in its own statement;
 * `ctx.reloadSeat` is set when it did, to judge the line again from the database. One middleware
 * (tRPC copies the context and its options at every step).
 */
export const sessionLineProcedure = publicProcedure.input(sessionInput).use(async ({ ctx, input, next }) => {
  const caller = sessionCaller(ctx);
  const { seat, cached } = await cachedSeat(caller, input.sessionId);
  return next({ ctx: { caller, seat, reloadSeat: cached ? () => reloadSeat(caller, input.sessionId) : undefined } });
});

/**
 * A procedure for an org's staff on one of its sessions, named by the session alone (the monitor's
 * Join, a replay link): the tenant is the session's org, and the caller's active membership in it is
 * resolved as orgProcedure does, in one query, into the same `ctx.org` and `ctx.member`. A stranger
 * gets NOT_FOUND, as for a session that does not exist. The function checks the permission its action
 * needs, since that depends on the session (a room's staff may join it; an agent may replay a visitor
 * they served).
 */
export const sessionStaffProcedure = protectedProcedure.input(sessionInput).use(async ({ ctx, input, next }) => {
  const session = await db.session.findUnique({
    where: { id: input.sessionId },
    select: {
      org: {
        select: {
          id: true,
          name: true,
          slug: true,
          status: true,
          memberships: { where: { userId: ctx.user.id, active: true }, select: { id: true, role: true, userId: true } },
        },
      },
    },
  });
  const membership = session?.org.memberships[0];
  if (!session || !membership) throw new AppError("NOT_FOUND", "Session not found.");
  const { memberships: _memberships, ...org } = session.org;
  const scoped: OrgContext = { org, member: membership };
  return next({ ctx: { ...ctx, ...scoped } });
});

/** Operator (platform staff) only. */
export const adminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const admin = await db.platformAdmin.findUnique({ where: { userId: ctx.user.id }, select: { id: true } });
  if (!admin) throw new AppError("FORBIDDEN", "Operator access only.");
  return next({ ctx: { ...ctx, platformAdminId: admin.id } });
});

export type ResellerContext = {
  reseller: { id: string; name: string; slug: string; revenueShareBps: number };
  resellerMemberId: string;
};

/**
 * A member of a reseller (VAR), with `ctx.reseller` resolved from the database. Someone who is no
 * reseller's member gets FORBIDDEN, as the operator console answers non-operators.
 */
export const resellerProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const seat = await db.resellerMember.findFirst({
    where: { userId: ctx.user.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, reseller: { select: { id: true, name: true, slug: true, revenueShareBps: true, active: true } } },
  });
  if (!seat) throw new AppError("FORBIDDEN", "Reseller access only.");
  if (!seat.reseller.active) throw new AppError("FORBIDDEN", "This reseller account is disabled. Contact iSession support.");
  const { active: _active, ...reseller } = seat.reseller;
  const scoped: ResellerContext = { reseller, resellerMemberId: seat.id };
  return next({ ctx: { ...ctx, ...scoped } });
});
