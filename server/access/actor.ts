// Who did something: the one shape every domain function takes for "the caller" when the caller
// matters to the result or to the audit trail. `type` is the AuditLog.actorType written for it
// (server/access/audit.ts), except `member`, a user acting through a membership, which is audited
// as "user" like any signed-in person.
import "server-only";
import type { MemberRole } from "../generated/prisma/enums";

/** The client address as the request gave it, kept on the audit row (not every action records one). */
type Origin = { ip?: string | null };

/** A signed-in user acting in one org through their membership (the dashboard, the console). */
export type MemberActor = { type: "member"; userId: string; membershipId: string; role: MemberRole } & Origin;
/** A signed-in user with no org role yet (signing up, accepting an invitation). */
export type UserActor = { type: "user"; userId: string } & Origin;
/** Staff of the service itself (PlatformAdmin); "admin" is the audit trail's word for it. */
export type OperatorActor = { type: "admin"; userId: string } & Origin;
export type ResellerActor = { type: "reseller"; userId: string; resellerId: string } & Origin;
/** Someone not signed in: a visitor, a sign-up attempt. */
export type VisitorActor = { type: "visitor" } & Origin;
/** The server on its own account: billing, jobs. `source` says which part. */
export type SystemActor = { type: "system"; source: string } & Origin;
/** A request of the public REST API (server/api-v1), known only by its key. */
export type ApiKeyActor = { type: "api_key"; keyId: string } & Origin;

export type Actor = MemberActor | UserActor | OperatorActor | ResellerActor | VisitorActor | SystemActor | ApiKeyActor;

export const memberActor = (m: { userId: string; membershipId: string; role: MemberRole }, ip?: string | null): MemberActor => ({
  type: "member",
  userId: m.userId,
  membershipId: m.membershipId,
  role: m.role,
  ip,
});
export const userActor = (userId: string, ip?: string | null): UserActor => ({ type: "user", userId, ip });
export const operatorActor = (userId: string, ip?: string | null): OperatorActor => ({ type: "admin", userId, ip });
export const resellerActor = (userId: string, resellerId: string, ip?: string | null): ResellerActor => ({
  type: "reseller",
  userId,
  resellerId,
  ip,
});
export const visitorActor = (ip?: string | null): VisitorActor => ({ type: "visitor", ip });
export const systemActor = (source: string): SystemActor => ({ type: "system", source });
export const apiKeyActor = (keyId: string): ApiKeyActor => ({ type: "api_key", keyId });
