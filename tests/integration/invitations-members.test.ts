// Inviting people, accepting invitations, and an admin's changes to members (roles, capacity,
// deactivation) on a real database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { acceptInvitation, viewInvitation } from "../../server/invitations/accept";
import { createInvitation, ORG_EMAILS_PER_DAY } from "../../server/invitations/create";
import { errorOf } from "../helpers/errors";
import { addMember, callerFor, createUser, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let a: Seeded;

beforeAll(async () => {
  a = await seedOrg({ name: "Invites Co" });
});

/** Invites through the dashboard and reads the token out of the queued email, as the invitee would. */
async function inviteAndReadToken(email: string, role: "AGENT" | "MANAGER" | "ADMIN" | "OWNER" = "AGENT") {
  await callerFor(a.owner.user).members.invite({ orgId: a.org.id, email, role });
  const mail = await db.emailOutbox.findFirstOrThrow({
    where: { orgId: a.org.id, to: email.toLowerCase() },
    orderBy: { createdAt: "desc" },
  });
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

describe("invitations", () => {
  it("invites by email: pending list, email in the outbox, a new user creates an account and becomes a member once", async () => {
    const token = await inviteAndReadToken("New.Person@Example.test");
    const pending = await callerFor(a.owner.user).members.invitations({ orgId: a.org.id });
    expect(pending.map((p) => p.email)).toContain("new.person@example.test");
    const anon = callerFor(null);
    expect(await anon.invitations.view({ token })).toMatchObject({
      state: "pending",
      email: "new.person@example.test",
      orgName: "Invites Co",
      role: "AGENT",
      accountExists: false,
    });

    // The password rule: too short, common, the email itself. Nothing is created.
    for (const password of ["short", "1234567890", "new.person@example.test"]) {
      expect((await errorOf(anon.invitations.acceptWithNewAccount({ token, name: "New", password }))).code).toBe("BAD_REQUEST");
    }
    expect(await db.user.count({ where: { email: "new.person@example.test" } })).toBe(0);

    const res = await anon.invitations.acceptWithNewAccount({
      token,
      name: "New Person",
      password: "a-long-enough-phrase",
    });
    expect(res).toMatchObject({ orgId: a.org.id, role: "AGENT", email: "new.person@example.test" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.person@example.test" } });
    expect(user.emailVerifiedAt).not.toBeNull();
    const membership = await db.membership.findFirstOrThrow({
      where: { orgId: a.org.id, userId: user.id },
      include: { presence: true },
    });
    expect(membership.presence).toMatchObject({ status: "offline", orgId: a.org.id });

    // Single use.
    expect((await anon.invitations.view({ token })).state).toBe("accepted");
    const again = await errorOf(anon.invitations.acceptWithNewAccount({ token, name: "Again", password: "another-long-phrase" }));
    expect(again.code).toBe("CONFLICT");
    const signedIn = await errorOf(callerFor(user).invitations.accept({ token }));
    expect(signedIn.code).toBe("CONFLICT");
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: user.id } })).toBe(1);
    expect((await callerFor(a.owner.user).members.invitations({ orgId: a.org.id })).map((p) => p.email)).not.toContain(
      "new.person@example.test",
    );
  });

  it("lets a signed-in user with the invited email accept in one step, and refuses another account", async () => {
    const existing = await createUser({ email: "existing@example.test", name: "Existing" });
    const token = await inviteAndReadToken("existing@example.test", "MANAGER");
    expect((await callerFor(null).invitations.view({ token })).state).toBe("pending");
    const someoneElse = await createUser();
    const wrong = await errorOf(callerFor(someoneElse).invitations.accept({ token }));
    expect(wrong.code).toBe("FORBIDDEN");
    expect(wrong.message).toContain("existing@example.test");
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: someoneElse.id } })).toBe(0);
    // An account exists: no second account through the new-user path.
    expect(
      (
        await errorOf(
          callerFor(null).invitations.acceptWithNewAccount({
            token,
            name: "X",
            password: "a-long-enough-phrase",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    const ok = await callerFor(existing).invitations.accept({ token });
    expect(ok).toMatchObject({ role: "MANAGER", orgId: a.org.id });
    expect((await callerFor(existing).me()).memberships.map((m) => m.org.id)).toContain(a.org.id);
  });

  it("makes one membership when the same link is accepted twice at the same moment", async () => {
    const user = await createUser({ email: "twice@example.test" });
    const token = await inviteAndReadToken("twice@example.test");
    const results = await Promise.allSettled([acceptInvitation({ token, user }), acceptInvitation({ token, user })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: user.id } })).toBe(1);
    expect(await db.agentPresence.count({ where: { orgId: a.org.id, membership: { userId: user.id } } })).toBe(1);
  });

  it("gives expired, revoked, replaced and unknown tokens their own answer", async () => {
    const now = new Date();
    await db.$transaction((tx) =>
      createInvitation(tx, {
        orgId: a.org.id,
        email: "late@example.test",
        role: "AGENT",
        invitedByUserId: a.owner.user.id,
      }),
    );
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { orgId: a.org.id, to: "late@example.test" } });
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const later = new Date(now.getTime() + 8 * 86_400_000);
    expect((await viewInvitation(token, later)).state).toBe("expired");
    const late = await createUser({ email: "late@example.test" });
    await expect(acceptInvitation({ token, user: late, now: later })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });

    const revokeToken = await inviteAndReadToken("revoked@example.test");
    const inv = await db.invitation.findFirstOrThrow({
      where: { orgId: a.org.id, email: "revoked@example.test" },
    });
    await callerFor(a.owner.user).members.revokeInvitation({ orgId: a.org.id, invitationId: inv.id });
    expect((await callerFor(null).invitations.view({ token: revokeToken })).state).toBe("revoked");
    expect(
      (
        await errorOf(
          callerFor(null).invitations.acceptWithNewAccount({
            token: revokeToken,
            name: "R",
            password: "a-long-enough-phrase",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect(await db.user.count({ where: { email: "revoked@example.test" } })).toBe(0);

    // Resend: a new link works, the old one no longer does.
    const first = await inviteAndReadToken("resend@example.test");
    const pending = await db.invitation.findFirstOrThrow({
      where: { orgId: a.org.id, email: "resend@example.test", acceptedAt: null },
    });
    await callerFor(a.owner.user).members.resendInvitation({ orgId: a.org.id, invitationId: pending.id });
    const mails = await db.emailOutbox.findMany({
      where: { to: "resend@example.test" },
      orderBy: { createdAt: "asc" },
    });
    expect(mails).toHaveLength(2);
    const second = /\/invite\/([A-Za-z0-9_-]+)/.exec(mails[1]!.text)![1]!;
    expect(second).not.toBe(first);
    expect((await viewInvitation(first)).state).toBe("not_found");
    expect((await viewInvitation(second)).state).toBe("pending");
    expect((await viewInvitation("not-a-real-token-at-all-xxxxxxxx")).state).toBe("not_found");
  });

  it("refuses duplicate members and owner invitations from an admin", async () => {
    const admin = await addMember(a.org.id, "ADMIN");
    const api = callerFor(admin.user);
    expect((await errorOf(api.members.invite({ orgId: a.org.id, email: a.agents[0]!.user.email, role: "AGENT" }))).code).toBe("CONFLICT");
    expect((await errorOf(api.members.invite({ orgId: a.org.id, email: "boss@example.test", role: "OWNER" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(api.members.invite({ orgId: a.org.id, email: "not-an-email", role: "AGENT" }))).code).toBe("BAD_REQUEST");
    expect(
      await db.invitation.count({
        where: { orgId: a.org.id, email: { in: ["boss@example.test", "not-an-email"] } },
      }),
    ).toBe(0);
  });
});

describe("invitation email cap", () => {
  it(`stops an org's invitations once it has queued ${ORG_EMAILS_PER_DAY} emails in 24 hours, and sends nothing more`, async () => {
    const s = await seedOrg({ name: "Busy Inviter" });
    await db.emailOutbox.createMany({
      data: Array.from({ length: ORG_EMAILS_PER_DAY - 1 }, (_, i) => ({
        orgId: s.org.id,
        to: `x${i}@example.test`,
        subject: "s",
        text: "t",
      })),
    });
    const api = callerFor(s.owner.user);
    await api.members.invite({ orgId: s.org.id, email: "last-one@example.test", role: "AGENT" });
    const e = await errorOf(api.members.invite({ orgId: s.org.id, email: "one-too-many@example.test", role: "AGENT" }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(await db.emailOutbox.count({ where: { orgId: s.org.id } })).toBe(ORG_EMAILS_PER_DAY);
    expect(await db.invitation.count({ where: { orgId: s.org.id, email: "one-too-many@example.test" } })).toBe(0);
    // Older mail does not count.
    await db.emailOutbox.updateMany({ where: { orgId: s.org.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    await api.members.invite({ orgId: s.org.id, email: "one-too-many@example.test", role: "AGENT" });
  });
});

describe("member changes", () => {
  it("protects owners from admins and keeps the last owner", async () => {
    const org = await seedOrg({ name: "Owners Co" });
    const admin = await addMember(org.org.id, "ADMIN");
    const asAdmin = callerFor(admin.user);
    const asOwner = callerFor(org.owner.user);
    const ownerId = org.owner.membership.id;
    expect((await errorOf(asAdmin.members.changeRole({ orgId: org.org.id, membershipId: ownerId, role: "AGENT" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(asAdmin.members.setActive({ orgId: org.org.id, membershipId: ownerId, active: false }))).code).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          asAdmin.members.changeRole({
            orgId: org.org.id,
            membershipId: org.agents[0]!.membership.id,
            role: "OWNER",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    // The last owner can't step down or be deactivated, even by themselves.
    const last = await errorOf(asOwner.members.changeRole({ orgId: org.org.id, membershipId: ownerId, role: "ADMIN" }));
    expect(last.code).toBe("PRECONDITION_FAILED");
    expect(last.message).toContain("last owner");
    expect((await errorOf(asOwner.members.setActive({ orgId: org.org.id, membershipId: ownerId, active: false }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await db.membership.findUniqueOrThrow({ where: { id: ownerId } })).role).toBe("OWNER");
    // With a second owner, the first may step down.
    await asOwner.members.changeRole({ orgId: org.org.id, membershipId: admin.membership.id, role: "OWNER" });
    await asOwner.members.changeRole({ orgId: org.org.id, membershipId: ownerId, role: "ADMIN" });
    expect((await db.membership.findUniqueOrThrow({ where: { id: ownerId } })).role).toBe("ADMIN");
    expect(await db.auditLog.count({ where: { orgId: org.org.id, action: "member.role_changed" } })).toBe(2);
  });

  it("deactivation takes the agent out of routing and out of the org; reactivation brings them back offline", async () => {
    const agent = a.agents[0]!;
    const owner = callerFor(a.owner.user);
    await callerFor(agent.user).agent.setStatus({ orgId: a.org.id, status: "available" });
    const before = await owner.org.overview({ orgId: a.org.id });
    expect(before.agentsReady).toBeGreaterThanOrEqual(1);
    await owner.members.setActive({ orgId: a.org.id, membershipId: agent.membership.id, active: false });
    const presence = await db.agentPresence.findUniqueOrThrow({
      where: { membershipId: agent.membership.id },
    });
    expect(presence.status).toBe("offline");
    expect((await owner.org.overview({ orgId: a.org.id })).agentsReady).toBe(before.agentsReady - 1);
    // The deactivated agent no longer reaches the org at all.
    expect((await errorOf(callerFor(agent.user).agent.setStatus({ orgId: a.org.id, status: "available" }))).code).toBe("NOT_FOUND");
    await owner.members.setActive({ orgId: a.org.id, membershipId: agent.membership.id, active: true });
    expect((await db.membership.findUniqueOrThrow({ where: { id: agent.membership.id } })).active).toBe(true);
    expect((await db.agentPresence.findUniqueOrThrow({ where: { membershipId: agent.membership.id } })).status).toBe("offline");
  });

  it("sets capacity within limits", async () => {
    const owner = callerFor(a.owner.user);
    const id = a.agents[1]!.membership.id;
    expect(await owner.members.setCapacity({ orgId: a.org.id, membershipId: id, capacity: 3 })).toEqual({
      membershipId: id,
      capacity: 3,
    });
    expect((await errorOf(owner.members.setCapacity({ orgId: a.org.id, membershipId: id, capacity: 0 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(owner.members.setCapacity({ orgId: a.org.id, membershipId: id, capacity: 999 }))).code).toBe("BAD_REQUEST");
    expect((await db.agentPresence.findUniqueOrThrow({ where: { membershipId: id } })).capacity).toBe(3);
  });
});

describe("notifications", () => {
  it("lists an admin's notifications and marks them read", async () => {
    const owner = callerFor(a.owner.user);
    await db.notification.createMany({
      data: [
        {
          orgId: a.org.id,
          membershipId: a.owner.membership.id,
          kind: "unauthorized_domain",
          title: "evil.example tried your launcher",
        },
        { orgId: a.org.id, membershipId: null, kind: "note", title: "For every admin" },
        { orgId: a.org.id, membershipId: a.manager.membership.id, kind: "note", title: "Someone else's" },
      ],
    });
    const list = await owner.notifications.list({ orgId: a.org.id });
    expect(list.items.map((n) => n.title).sort()).toEqual(["For every admin", "evil.example tried your launcher"].sort());
    expect(list.unread).toBe(2);
    expect((await owner.notifications.markRead({ orgId: a.org.id, ids: [list.items[0]!.id] })).marked).toBe(1);
    expect((await owner.notifications.list({ orgId: a.org.id })).unread).toBe(1);
    expect((await owner.notifications.markRead({ orgId: a.org.id, ids: "all" })).marked).toBe(1);
    expect(await db.notification.count({ where: { orgId: a.org.id, readAt: null } })).toBe(1);
  });
});
