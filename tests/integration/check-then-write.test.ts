// Rules checked before a write ("this shortcut is free", "one link a minute") hold when two
// requests arrive at once: a double-clicked button or two people at the same moment.
import { describe, expect, it } from "vitest";
import { RESEND_LIMITS } from "../../server/accounts/email-verification";
import { db } from "../../server/db";
import { callerFor, seedOrg } from "../helpers/factories";

/** Opens the pool's connections first: otherwise the first request finishes while the others are still connecting, and no race happens. */
const warmPool = () => Promise.all(Array.from({ length: 10 }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));

describe("check, then write, under concurrency", () => {
  it("lets only one of several simultaneous macros take a shortcut", async () => {
    const s = await seedOrg();
    const manager = callerFor(s.manager.user);
    await warmPool();
    const results = await Promise.allSettled(
      ["A", "B", "C", "D", "E", "F", "G", "H"].map((t) =>
        manager.macros.create({
          orgId: s.org.id,
          scope: "org",
          macro: { kind: "TEXT", title: `Greeting ${t}`, shortcut: "hello", body: "Hello!" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(7).fill("CONFLICT"),
    );
    expect(await db.macro.count({ where: { orgId: s.org.id, shortcut: "hello", membershipId: null } })).toBe(1);
  });

  it("sends one verification link for several simultaneous clicks on Resend", async () => {
    const email = `resend-${Math.random().toString(36).slice(2, 8)}@race.test`;
    await callerFor(null, "198.51.100.250").account.signUp({
      businessName: "Race Co",
      ownerName: "Rae",
      email,
      password: "a long enough passphrase",
      plan: "PER_MINUTE",
      allowedDomains: "race.test",
    });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    // The sign-up's own link is older than the minute, so exactly one more may go out now.
    await db.emailToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - RESEND_LIMITS.minIntervalMs - 1000) },
    });
    const caller = callerFor(user);
    await warmPool();
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => caller.account.resendVerification()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.emailOutbox.count({ where: { to: email } })).toBe(2); // sign-up's, and one resend
  });
});
