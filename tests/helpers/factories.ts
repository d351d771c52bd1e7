// Factories that return linked entities on the real test database.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../server/accounts/password";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import type { MemberRole } from "../../server/generated/prisma/enums";
import { createOrganization } from "../../server/orgs/create-org";

export const TEST_PASSWORD = "correct-horse-battery";

let passwordHash: Promise<string> | undefined;
/** One argon2 hash per test file: hashing is deliberately slow. */
function testPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

const uid = () => randomBytes(4).toString("hex");

export async function createUser(opts: { email?: string; name?: string } = {}) {
  const id = uid();
  return db.user.create({
    data: {
      email: (opts.email ?? `user-${id}@example.test`).toLowerCase(),
      name: opts.name ?? `User ${id}`,
      passwordHash: await testPasswordHash(),
      emailVerifiedAt: new Date(),
    },
  });
}

export async function addMember(orgId: string, role: MemberRole, opts: { name?: string } = {}) {
  const user = await createUser({ name: opts.name });
  const membership = await db.membership.create({
    data: { orgId, userId: user.id, role, presence: { create: { orgId } } },
  });
  return { user, membership };
}

/** An org with an owner, a manager, two agents, default scenarios and a launcher. */
export async function seedOrg(opts: { name?: string; allowedDomains?: string[] } = {}) {
  const owner = await createUser({ name: "Owner" });
  const {
    org,
    launcher,
    scenarios,
    owner: ownerMembership,
  } = await createOrganization(db, {
    name: opts.name ?? `Org ${uid()}`,
    ownerUserId: owner.id,
    allowedDomains: opts.allowedDomains ?? ["example.test"],
  });
  const manager = await addMember(org.id, "MANAGER", { name: "Manager" });
  const agents = [await addMember(org.id, "AGENT", { name: "Agent One" }), await addMember(org.id, "AGENT", { name: "Agent Two" })];
  return { org, owner: { user: owner, membership: ownerMembership }, manager, agents, launcher, scenarios };
}

/** A tRPC caller acting as `user` (or anonymous), as the API route would build it. */
export function callerFor(user: { id: string; email: string; name: string | null } | null, ip = "203.0.113.7") {
  return createCaller(createContext({ user: user && { id: user.id, email: user.email, name: user.name }, ip }));
}

/** A visitor of `orgId` carrying browser cookie id `cookieId` (random when omitted). */
export async function createVisitor(orgId: string, opts: { cookieId?: string; name?: string } = {}) {
  return db.visitor.create({
    data: { orgId, cookieId: opts.cookieId ?? randomBytes(16).toString("base64url"), name: opts.name ?? "Visitor" },
  });
}

/** A live one-on-one session of a seeded org: the visitor, the first agent (leader), optionally a monitor. */
export async function createLiveSession(
  seeded: Awaited<ReturnType<typeof seedOrg>>,
  opts: { visitorCookieId?: string; monitor?: boolean } = {},
) {
  const visitor = await createVisitor(seeded.org.id, { cookieId: opts.visitorCookieId });
  const scenario = seeded.scenarios.find((s) => s.kind === "ONE_ON_ONE")!;
  const entry = await db.queueEntry.create({
    data: { orgId: seeded.org.id, launcherId: seeded.launcher.id, scenarioId: scenario.id, visitorId: visitor.id, status: "ASSIGNED" },
  });
  const session = await db.session.create({
    data: { orgId: seeded.org.id, scenarioId: scenario.id, kind: "ONE_ON_ONE", queueEntryId: entry.id, launcherId: seeded.launcher.id },
  });
  const agentMember = seeded.agents[0]!;
  const agent = await db.participant.create({
    data: {
      orgId: seeded.org.id,
      sessionId: session.id,
      role: "AGENT",
      canLead: true,
      membershipId: agentMember.membership.id,
      displayName: "Agent One",
    },
  });
  const visitorSeat = await db.participant.create({
    data: { orgId: seeded.org.id, sessionId: session.id, role: "VISITOR", visitorId: visitor.id, displayName: "Visitor" },
  });
  const monitor = opts.monitor
    ? await db.participant.create({
        data: {
          orgId: seeded.org.id,
          sessionId: session.id,
          role: "MONITOR",
          membershipId: seeded.manager.membership.id,
          displayName: "Manager",
        },
      })
    : null;
  await db.session.update({ where: { id: session.id }, data: { leaderParticipantId: agent.id } });
  return { visitor, entry, session, agent, visitorSeat, monitor };
}

/** Another visible agent seated in a live session (the seeded org's agent `index`), e.g. a third person in a one-on-one. */
export async function seatAgent(seeded: Awaited<ReturnType<typeof seedOrg>>, sessionId: string, index = 1, displayName = "Agent Two") {
  return db.participant.create({
    data: { orgId: seeded.org.id, sessionId, role: "AGENT", membershipId: seeded.agents[index]!.membership.id, displayName },
  });
}
