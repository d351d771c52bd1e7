// Self sign-up through the tRPC procedure, as the form calls it, on a real database; then email
// verification and its resend limits.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { RESEND_LIMITS, verifyEmailToken } from "../../server/accounts/email-verification";
import { EMAIL_TAKEN, SIGN_UP_LIMITS, throttleSignUp } from "../../server/accounts/sign-up";
import { db } from "../../server/db";
import type { AppError } from "../../server/errors";
import { callerFor, createUser } from "../helpers/factories";

let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;

const valid = () => ({
  businessName: "Acme Widgets",
  ownerName: "Ann Owner",
  email: `ann-${Math.random().toString(36).slice(2, 8)}@acme.test`,
  password: "a long enough passphrase",
  plan: "PER_HIT" as const,
  allowedDomains: "acme.test,\n *.Acme.test , shop.acme.test\n",
});

async function counts() {
  const [users, orgs, memberships, scenarios, launchers, tokens, emails] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.count(),
    db.scenario.count(),
    db.launcher.count(),
    db.emailToken.count(),
    db.emailOutbox.count(),
  ]);
  return { users, orgs, memberships, scenarios, launchers, tokens, emails };
}

/** The TRPCError of a failed call and the field errors the form shows. */
async function rejection(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  const err = e as TRPCError;
  const fieldErrors = (err.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues?.reduce<
    Record<string, string>
  >((acc, i) => ({ ...acc, [String(i.path[0])]: i.message }), {});
  return { code: err.code, message: err.message, fieldErrors: fieldErrors ?? {}, cause: err.cause };
}

function linkToken(text: string): string {
  const m = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(text);
  expect(m).not.toBeNull();
  return m![1]!;
}

describe("sign-up", () => {
  it("creates the user, the organization with scenarios, launcher and owner membership, a hashed token and its email", async () => {
    const input = valid();
    const result = await callerFor(null, freshIp()).account.signUp({ ...input, email: `  ${input.email.toUpperCase()} ` });

    const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect(user.name).toBe("Ann Owner");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.emailVerifiedAt).toBeNull();

    const org = await db.organization.findUniqueOrThrow({
      where: { id: result.orgId },
      include: { scenarios: true, launchers: true, memberships: true },
    });
    expect(org.name).toBe("Acme Widgets");
    expect(org.plan).toBe("PER_HIT");
    expect(org.allowedDomains).toEqual(["acme.test", "*.acme.test", "shop.acme.test"]);
    expect(org.scenarios.map((s) => s.kind).sort()).toEqual(["AUDITORIUM", "COLLABORATION", "ONE_ON_ONE"]);
    expect(org.launchers).toHaveLength(1);
    expect(org.launchers[0]!.key).toBe(result.launcherKey);
    expect(org.launchers[0]!.allowDirectVisits).toBe(false);
    expect(org.memberships).toEqual([expect.objectContaining({ userId: user.id, role: "OWNER", active: true })]);

    const tokens = await db.emailToken.findMany({ where: { userId: user.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.purpose).toBe("VERIFY_EMAIL");
    const email = await db.emailOutbox.findFirstOrThrow({ where: { to: input.email } });
    expect(email).toMatchObject({ orgId: org.id, status: "PENDING", subject: "Confirm your email address for iSession" });
    const token = linkToken(email.text);
    // Only the hash is stored.
    expect(tokens[0]!.tokenHash).not.toContain(token);
    expect(tokens[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // The owner can sign in, and `me` says the address is not confirmed yet.
    const me = await callerFor(user).me();
    expect(me.emailVerified).toBe(false);
    expect(me.memberships).toEqual([expect.objectContaining({ role: "OWNER", org: expect.objectContaining({ id: org.id }) })]);
  });

  it("refuses a taken email (any case) and creates nothing", async () => {
    const existing = await createUser();
    const before = await counts();
    const r = await rejection(callerFor(null, freshIp()).account.signUp({ ...valid(), email: existing.email.toUpperCase() }));
    expect(r.code).toBe("CONFLICT");
    expect(r.message).toBe(EMAIL_TAKEN);
    expect((r.cause as AppError).details).toEqual({ field: "email" });
    expect(await counts()).toEqual(before);
  });

  it("lets exactly one of two simultaneous sign-ups for one address through", async () => {
    const input = valid();
    const results = await Promise.allSettled([
      callerFor(null, freshIp()).account.signUp(input),
      callerFor(null, freshIp()).account.signUp({ ...input, businessName: "Acme Twin" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect((rejected.reason as TRPCError).code).toBe("CONFLICT");
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    expect(
      await db.organization.count({
        where: { name: { in: ["Acme Widgets", "Acme Twin"] }, memberships: { some: { user: { email: input.email } } } },
      }),
    ).toBe(1);
  });

  it("signs up two businesses with the same name at the same moment, each with its own slug", async () => {
    const name = `Twin Bakery ${Math.random().toString(36).slice(2, 6)}`;
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => callerFor(null, freshIp()).account.signUp({ ...valid(), businessName: name })),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const slugs = (await db.organization.findMany({ where: { name }, select: { slug: true } })).map((o) => o.slug);
    expect(new Set(slugs).size).toBe(3);
  });

  it.each([
    ["too short", "short-pw", /at least 10 characters/],
    ["a common password", "Password123", /too common/],
    ["one repeated character", "aaaaaaaaaaaa", /too common/],
    ["the email address", "ann.owner@acme.test", /email address/],
  ])("refuses a weak password (%s) next to the password field and creates nothing", async (_name, password, message) => {
    const before = await counts();
    const r = await rejection(callerFor(null, freshIp()).account.signUp({ ...valid(), email: "ann.owner@acme.test", password }));
    expect(r.code).toBe("BAD_REQUEST");
    expect(r.fieldErrors.password).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["acme.test, https://shop.acme.test", /“https:\/\/shop\.acme\.test”: Enter only the host, without http/],
    ["acme.test\nacme.test/help", /“acme\.test\/help”: Enter only the host, without a path/],
    ["*.com", /“\*\.com”: A wildcard must cover a domain with at least two parts/],
    ["shop.*.acme.test", /“shop\.\*\.acme\.test”: A wildcard is written/],
    ["exa mple.test", /“exa mple\.test”: That is not a valid host name/],
    [" , \n ", /Enter at least one domain/],
  ])("names the malformed entry in %j and creates nothing", async (allowedDomains, message) => {
    const before = await counts();
    const r = await rejection(callerFor(null, freshIp()).account.signUp({ ...valid(), allowedDomains }));
    expect(r.code).toBe("BAD_REQUEST");
    expect(r.fieldErrors.allowedDomains).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("asks for the business name, the owner's name and a valid email, each on its own field", async () => {
    const before = await counts();
    const r = await rejection(
      callerFor(null, freshIp()).account.signUp({ ...valid(), businessName: "   ", ownerName: "", email: "not-an-email" }),
    );
    expect(r.fieldErrors).toMatchObject({
      businessName: expect.stringMatching(/business name/),
      ownerName: expect.stringMatching(/your name/),
      email: expect.stringMatching(/valid email/),
    });
    expect(await counts()).toEqual(before);
  });

  it("limits attempts per IP address, valid or not, and leaves other addresses alone", async () => {
    const ip = freshIp();
    for (let i = 0; i < SIGN_UP_LIMITS.perIp; i++) await throttleSignUp(ip);
    const before = await counts();
    const r = await rejection(callerFor(null, ip).account.signUp(valid()));
    expect(r.code).toBe("TOO_MANY_REQUESTS");
    expect(r.message).toMatch(/Too many sign-ups from your network\. Try again in \d+ minutes\./);
    expect(await counts()).toEqual(before);
    // A malformed attempt counts too: the throttle runs before the input is parsed.
    const other = freshIp();
    await rejection(callerFor(null, other).account.signUp({ ...valid(), email: "nope" }));
    expect(await db.auditLog.count({ where: { ip: other, action: "account.sign_up_attempt" } })).toBe(1);
    await callerFor(null, other).account.signUp(valid());
  });
});

describe("email verification", () => {
  async function signedUp() {
    const input = valid();
    await callerFor(null, freshIp()).account.signUp(input);
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    const email = await db.emailOutbox.findFirstOrThrow({ where: { to: input.email }, orderBy: { createdAt: "desc" } });
    return { user, token: linkToken(email.text) };
  }

  it("verifies once; the same link afterwards says it was used", async () => {
    const { user, token } = await signedUp();
    expect(await verifyEmailToken(token)).toEqual({ status: "verified", email: user.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect((await callerFor(user).me()).emailVerified).toBe(true);
    expect(await verifyEmailToken(token)).toEqual({ status: "already_used", email: user.email, verified: true });
  });

  it("refuses an expired link and an unknown one", async () => {
    const { user, token } = await signedUp();
    const afterExpiry = new Date(Date.now() + 49 * 3_600_000);
    expect(await verifyEmailToken(token, afterExpiry)).toEqual({ status: "expired", email: user.email, verified: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
    expect(await verifyEmailToken("x".repeat(43))).toEqual({ status: "invalid" });
    expect(await verifyEmailToken("../../etc")).toEqual({ status: "invalid" });
  });

  it("resends a new link (the old one stops working), at most once a minute", async () => {
    const { user, token } = await signedUp();
    const caller = callerFor(user);
    const tooSoon = await rejection(caller.account.resendVerification());
    expect(tooSoon.code).toBe("TOO_MANY_REQUESTS");
    expect(tooSoon.message).toMatch(/You can ask for another in \d+ seconds/);

    // A minute later it goes through.
    await db.emailToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - RESEND_LIMITS.minIntervalMs - 1000) },
    });
    expect(await caller.account.resendVerification()).toEqual({ sentTo: user.email });
    const latest = await db.emailOutbox.findFirstOrThrow({ where: { to: user.email }, orderBy: { createdAt: "desc" } });
    const fresh = linkToken(latest.text);
    expect(fresh).not.toBe(token);
    expect((await verifyEmailToken(token)).status).toBe("expired");
    expect((await verifyEmailToken(fresh)).status).toBe("verified");

    // Once verified there is nothing to resend.
    await db.emailToken.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    expect((await rejection(caller.account.resendVerification())).code).toBe("PRECONDITION_FAILED");
  });

  it("stops resending after the daily limit", async () => {
    const { user } = await signedUp();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await db.emailToken.updateMany({ where: { userId: user.id }, data: { createdAt: hourAgo } });
    for (let i = 1; i < RESEND_LIMITS.perDay; i++) {
      await db.emailToken.create({
        data: { userId: user.id, purpose: "VERIFY_EMAIL", tokenHash: `h${i}-${user.id}`, expiresAt: hourAgo, createdAt: hourAgo },
      });
    }
    const r = await rejection(callerFor(user).account.resendVerification());
    expect(r.code).toBe("TOO_MANY_REQUESTS");
    expect(r.message).toMatch(/try again tomorrow/);
  });

  it("needs a signed-in user to resend", async () => {
    expect((await rejection(callerFor(null).account.resendVerification())).code).toBe("UNAUTHORIZED");
  });
});
