// The one permissions table: named actions -> the roles that may perform them. Endpoints declare
// the action they need (orgProcedure("launchers.write")); nothing compares role strings by hand.
import "server-only";
import { MemberRole } from "../generated/prisma/enums";

const ALL: readonly MemberRole[] = Object.values(MemberRole);
const STAFF_LEADS: readonly MemberRole[] = ["OWNER", "ADMIN", "MANAGER"];
const ADMINS: readonly MemberRole[] = ["OWNER", "ADMIN"];
const OWNER: readonly MemberRole[] = ["OWNER"];

export const PERMISSIONS = {
  /** See the org's name, preferences and scenarios. */
  "org.read": ALL,
  /** Change preferences, allowed domains, routing mode. */
  "org.write": ADMINS,
  /** List the org's members (agents need it to transfer a session). */
  "members.read": ALL,
  /** Invite, change role or capacity, deactivate. */
  "members.write": ADMINS,
  "scenarios.write": ADMINS,
  "launchers.read": ALL,
  "launchers.write": ADMINS,
  "macros.read": ALL,
  /** Org-wide macros; personal macros need only macros.read. */
  "macros.write": STAFF_LEADS,
  /** Take offers, hold sessions, set one's own status. */
  "sessions.handle": ALL,
  /** Read any session of the org and its archive. */
  "sessions.read": STAFF_LEADS,
  /** Monitor, prompt, barge in, reassign. */
  "sessions.monitor": STAFF_LEADS,
  /** Create, start, produce and end auditorium events; read their attendance. */
  "events.run": STAFF_LEADS,
  "queue.read": ALL,
  "reports.read": STAFF_LEADS,
  "billing.read": ADMINS,
  /** Plan changes and payment details. */
  "billing.write": OWNER,
  "notifications.read": ADMINS,
  "audit.read": ADMINS,
  /** Create and revoke the org's public API keys (docs/api.md). */
  "apiKeys.write": ADMINS,
  /** Webhook endpoints: create, edit, reveal or rotate the secret, read the delivery log, redeliver. */
  "webhooks.manage": ADMINS,
  /** Find a visitor, export their data (subject access) and erase them on request (docs/privacy.md). */
  "privacy.manage": ADMINS,
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: MemberRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}

export function permissionsOf(role: MemberRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/**
 * The memberships whose role allows `permission`, and the one a page works in: the org the reader
 * asked for (?org=, a cookie) when allowed there, else the first. The org switcher lists `allowed`.
 */
export function membershipsFor<M extends { role: MemberRole; org: { id: string } }>(
  memberships: M[],
  permission: Permission,
  wantedOrgId?: string | null,
) {
  const allowed = memberships.filter((m) => can(m.role, permission));
  return { allowed, membership: allowed.find((m) => m.org.id === wantedOrgId) ?? allowed[0] ?? null };
}
