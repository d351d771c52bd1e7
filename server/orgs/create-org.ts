// Creating an organization with everything it needs to go live: default scenarios, a default
// launcher and the owner's membership. Sign-up, the reseller portal, the demo seed and test
// factories all come through here.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import type { BillingPlan } from "../generated/prisma/enums";
import type { Prisma } from "../generated/prisma/client";
import { withTx, type Tx } from "../tx";

export const DEFAULT_SCENARIOS = [
  {
    name: "One-on-one",
    kind: "ONE_ON_ONE",
    maxSeats: 4,
    showWho: true,
    showRooms: false,
    batonPolicy: "STAFF_TAKES",
    typingPreview: "FULL_TEXT",
    preChatQuestion: "How can we help you today?",
  },
  {
    name: "Collaboration",
    kind: "COLLABORATION",
    maxSeats: 50,
    showWho: true,
    showRooms: true,
    batonPolicy: "ANYONE_TAKES",
    typingPreview: "FULL_TEXT",
    preChatQuestion: "What would you like to work on together?",
  },
  {
    name: "Auditorium",
    kind: "AUDITORIUM",
    maxSeats: 20000,
    showWho: false,
    showRooms: false,
    batonPolicy: "LEADER_PASSES",
    typingPreview: "INDICATOR",
    preChatQuestion: "Your question for the speakers (optional)",
  },
] as const satisfies readonly Omit<Prisma.ScenarioCreateManyInput, "orgId">[];

/** 10 characters of a URL-safe alphabet without look-alikes: short enough to read out, ~50 bits. */
export function newLauncherKey(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
}

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "org";
}

export type CreateOrgInput = {
  name: string;
  ownerUserId: string;
  allowedDomains?: string[];
  plan?: BillingPlan;
  resellerId?: string | null;
  slug?: string;
  launcherKey?: string;
  /** Launcher lets visitors in without a referring page (demo and email links). */
  allowDirectVisits?: boolean;
};

export async function createOrganization(db: Db | Tx, input: CreateOrgInput) {
  return withTx(db, async (tx) => {
    const created = await createOrgInTx(tx, input);
    const owner = await tx.membership.create({
      data: { orgId: created.org.id, userId: input.ownerUserId, role: "OWNER", presence: { create: { orgId: created.org.id } } },
    });
    return { ...created, owner };
  });
}

/**
 * An organization whose owner is still to come: a reseller's sub-client, whose first admin is
 * invited by email and becomes the owner on accepting. The reseller's own user joins no org.
 */
export async function createOrganizationAwaitingOwner(db: Db | Tx, input: Omit<CreateOrgInput, "ownerUserId">) {
  return withTx(db, (tx) => createOrgInTx(tx, input));
}

async function createOrgInTx(tx: Tx, input: Omit<CreateOrgInput, "ownerUserId">) {
  let slug = input.slug ?? slugify(input.name);
  // Two sign-ups with the same name at once would both find the slug free and one would fail on
  // the unique index (a 500). The lock makes the second wait for the first's commit, then see it.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`org-slug:${slug}`}, 0))`;
  if (!input.slug && (await tx.organization.findUnique({ where: { slug }, select: { id: true } }))) {
    slug = `${slug}-${randomBytes(3).toString("hex")}`;
  }
  const org = await tx.organization.create({
    data: {
      name: input.name,
      slug,
      allowedDomains: input.allowedDomains ?? [],
      plan: input.plan ?? "PER_MINUTE",
      resellerId: input.resellerId ?? null,
    },
  });
  // New scenarios tell visitors they may be monitored or recorded (server/scenarios/manage.ts).
  await tx.scenario.createMany({ data: DEFAULT_SCENARIOS.map((s) => ({ monitoringNotice: true, ...s, orgId: org.id })) });
  const scenarios = await tx.scenario.findMany({ where: { orgId: org.id }, orderBy: { createdAt: "asc" } });
  const oneOnOne = scenarios.find((s) => s.kind === "ONE_ON_ONE")!;
  const launcher = await tx.launcher.create({
    data: {
      orgId: org.id,
      key: input.launcherKey ?? newLauncherKey(),
      name: "Website button",
      scenarioId: oneOnOne.id,
      allowDirectVisits: input.allowDirectVisits ?? false,
    },
  });
  return { org, scenarios, launcher };
}
