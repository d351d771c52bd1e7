// Billing test helpers: a session started the way routing starts one, at a chosen time.
import { db } from "../../server/db";
import { startSessionForEntry, type StartingEntry } from "../../server/sessions/start-session";
import { createVisitor, seedOrg } from "./factories";

export type Seeded = Awaited<ReturnType<typeof seedOrg>>;

/**
 * startSessionForEntry in a transaction at `now` (records the hit); a fresh org unless `s` is given.
 * `visitor` gives the visitor a name and email and the entry a question and where they came from.
 */
export async function startDemoSession(
  now: Date,
  s?: Seeded,
  visitorFields: { name?: string; email?: string; question?: string; referrerUrl?: string; clientAddress?: string } = {},
) {
  s ??= await seedOrg();
  const cookieId = `cookie-${Math.random().toString(36).slice(2)}`;
  const { question, referrerUrl, clientAddress, email, name } = visitorFields;
  const created = await createVisitor(s.org.id, { cookieId, ...(name ? { name } : {}) });
  const visitor = email ? await db.visitor.update({ where: { id: created.id }, data: { email } }) : created;
  const scenario = s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  const entry = await db.queueEntry.create({
    data: {
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: scenario.id,
      visitorId: visitor.id,
      status: "OFFERED",
      question,
      referrerUrl,
      clientAddress,
      ...(question === undefined ? {} : { enqueuedAt: now }),
    },
  });
  const agent = s.agents[0]!;
  const org = await db.organization.findUniqueOrThrow({ where: { id: s.org.id }, select: { name: true } });
  const member = await db.membership.findUniqueOrThrow({
    where: { id: agent.membership.id },
    select: { displayName: true, avatarUrl: true },
  });
  const starting: StartingEntry = {
    ...entry,
    orgName: org.name,
    kind: scenario.kind,
    batonPolicy: scenario.batonPolicy,
    scenarioAvatars: scenario.avatars,
    visitorName: visitor.name,
    memberDisplayName: member.displayName,
    memberAvatarUrl: member.avatarUrl,
    userName: agent.user.name,
    userEmail: agent.user.email,
  };
  const started = await db.$transaction((tx) =>
    startSessionForEntry(tx, { orgId: s.org.id, entry: starting, membershipId: agent.membership.id, now }),
  );
  return { s, cookieId, ...started };
}
