// Where a signed-in person belongs, and which consoles the app shell offers them. One rule for
// both: platform admin -> /admin, org owner/admin -> /dashboard, manager -> /manager,
// agent -> /agent, a reseller's member without an org -> /reseller.
import "server-only";
import { can } from "../access/permissions";
import { db } from "../db";
import type { MemberRole } from "../generated/prisma/enums";

export type AppLink = { href: "/agent" | "/manager" | "/dashboard" | "/reseller" | "/admin"; label: string };

export type Standing = { isPlatformAdmin: boolean; roles: MemberRole[]; isResellerMember: boolean };

export async function standingOf(userId: string): Promise<Standing> {
  const [admin, memberships, reseller] = await Promise.all([
    db.platformAdmin.findUnique({ where: { userId }, select: { id: true } }),
    db.membership.findMany({
      where: { userId, active: true },
      orderBy: { createdAt: "asc" },
      select: { role: true },
    }),
    db.resellerMember.findFirst({ where: { userId, reseller: { active: true } }, select: { id: true } }),
  ]);
  return {
    isPlatformAdmin: admin !== null,
    roles: memberships.map((m) => m.role),
    isResellerMember: reseller !== null,
  };
}

/** The consoles this person may use, in the order the shell shows them. */
export function appLinksFor(s: Standing): AppLink[] {
  const links: AppLink[] = [];
  if (s.roles.length) links.push({ href: "/agent", label: "Agent console" });
  if (s.roles.some((r) => can(r, "sessions.monitor"))) links.push({ href: "/manager", label: "Manager" });
  if (s.roles.some((r) => can(r, "org.write"))) links.push({ href: "/dashboard", label: "Dashboard" });
  if (s.isResellerMember) links.push({ href: "/reseller", label: "Reseller" });
  if (s.isPlatformAdmin) links.push({ href: "/admin", label: "Admin" });
  return links;
}

/** Where /app sends this person. The home org (oldest membership) decides among org roles. */
export function landingFor(s: Standing): AppLink["href"] {
  if (s.isPlatformAdmin) return "/admin";
  const home = s.roles[0];
  if (home && can(home, "org.write")) return "/dashboard";
  if (home && can(home, "sessions.monitor")) return "/manager";
  if (home) return "/agent";
  if (s.isResellerMember) return "/reseller";
  return "/agent";
}
