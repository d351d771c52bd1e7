import { beforeEach, describe, expect, it, vi } from "vitest";
import { deviceCookieValue } from "../../server/accounts/device-cookie";
import * as password from "../../server/accounts/password";
import { SIGN_IN_LIMITS, signInWithPassword } from "../../server/accounts/sign-in";
import { limitKeys } from "../../server/accounts/sign-in-limits";
import { unlockSignIn } from "../../server/accounts/sign-in-unlock";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { createUser, TEST_PASSWORD } from "../helpers/factories";

// The real password functions, wrapped so a test can see whether a password was checked at all.
vi.mock("../../server/accounts/password", async (importOriginal) => {
  const real = await importOriginal<typeof password>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), burnPasswordCheck: vi.fn(real.burnPasswordCheck) };
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** Every limiter row, for "nothing changed" checks. */
const limiterRows = () => db.rateLimit.findMany({ orderBy: { key: "asc" } });

let email: string;
beforeEach(async () => {
  email = (await createUser()).email;
});

describe("sign-in", () => {
  it("accepts the right password, whatever the email's case, and records the sign-in", async () => {
    const user = await signInWithPassword({ email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD, ip: "198.51.100.1" });
    expect(user.email).toBe(email);
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password and an unknown account with the same message", async () => {
    const wrong = await failure(signInWithPassword({ email, password: "nope-nope-nope", ip: "198.51.100.2" }));
    const unknown = await failure(signInWithPassword({ email: "nobody@example.test", password: "x", ip: "198.51.100.2" }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(wrong.message).toBe("Wrong email or password.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("an attacker failing 20 times from other addresses does not stop the owner on a known device, nor after the emailed link", async () => {
    // The owner signed in before from this browser: it holds the account's device cookie.
    await signInWithPassword({ email, password: TEST_PASSWORD, ip: "203.0.113.5" });
    const knownDevice = deviceCookieValue(email);

    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const ip = `198.51.100.${40 + (i % 4)}`; // four addresses, five tries each
      codes.push((await failure(signInWithPassword({ email, password: `guess-${i}`, ip }))).code);
    }
    // The account-wide limit for unknown devices stopped the guessing part-way.
    expect(codes).toContain("TOO_MANY_REQUESTS");
    // A known device from the owner's own (or any new) address is not locked out.
    const fromKnown = await signInWithPassword({ email, password: TEST_PASSWORD, ip: "203.0.113.7", deviceCookie: knownDevice });
    expect(fromKnown.email).toBe(email);

    // A device the account never signed in from is refused, and told its ways in.
    const newDevice = await failure(signInWithPassword({ email, password: TEST_PASSWORD, ip: "203.0.113.6" }));
    expect(newDevice.code).toBe("TOO_MANY_REQUESTS");
    expect(newDevice.message).toMatch(/Sign in from a device you have used before, use the unlock link we emailed/);
    // Another account's device cookie does not count for this one.
    const other = await createUser();
    const wrongCookie = await failure(
      signInWithPassword({ email, password: TEST_PASSWORD, ip: "203.0.113.7", deviceCookie: deviceCookieValue(other.email) }),
    );
    expect(wrongCookie.code).toBe("TOO_MANY_REQUESTS");

    // The owner was emailed one unlock link, once; using it lets a new device in.
    const mails = await db.emailOutbox.findMany({ where: { to: email, subject: { contains: "paused" } } });
    expect(mails).toHaveLength(1);
    const token = /\/unlock-sign-in\/([A-Za-z0-9_-]+)/.exec(mails[0]!.text)![1]!;
    expect(await unlockSignIn(token)).toEqual({ status: "unlocked", email });
    expect(await unlockSignIn(token)).toEqual({ status: "used" });
    const afterLink = await signInWithPassword({ email, password: TEST_PASSWORD, ip: "203.0.113.6" });
    expect(afterLink.email).toBe(email);
  });

  it("throttles the same account and address after repeated failures; other addresses still get in", async () => {
    const ip = "198.51.100.60";
    for (let i = 0; i < SIGN_IN_LIMITS.pairConsecutive; i++) {
      expect((await failure(signInWithPassword({ email, password: `wrong-${i}`, ip }))).code).toBe("UNAUTHORIZED");
    }
    // The next failure crosses the limit and says so.
    const crossing = await failure(signInWithPassword({ email, password: "wrong-again", ip }));
    expect(crossing.code).toBe("TOO_MANY_REQUESTS");
    expect(crossing.message).toBe("Too many failed sign-in attempts for this account. Try again in 15 minutes.");
    // Now even the right password waits on this pair...
    const locked = await failure(signInWithPassword({ email, password: TEST_PASSWORD, ip }));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.details).toMatchObject({ scope: "pair" });
    // ...while the owner from another address is not locked out.
    expect((await signInWithPassword({ email, password: TEST_PASSWORD, ip: "198.51.100.61" })).email).toBe(email);
    // When the wait is over (the stored block expired), the pair gets in with the right password.
    await db.rateLimit.update({ where: { key: limitKeys.pair(email, ip) }, data: { expire: new Date(Date.now() - 1000) } });
    expect((await signInWithPassword({ email, password: TEST_PASSWORD, ip })).email).toBe(email);
  });

  it("a throttled attempt changes nothing and never checks the password", async () => {
    const ip = "198.51.100.70";
    for (let i = 0; i <= SIGN_IN_LIMITS.pairConsecutive; i++) {
      await failure(signInWithPassword({ email, password: `wrong-${i}`, ip }));
    }
    const before = {
      limits: await limiterRows(),
      attempts: await db.signInAttempt.count(),
      user: await db.user.findUniqueOrThrow({ where: { email } }),
    };
    vi.mocked(password.verifyPassword).mockClear();
    vi.mocked(password.burnPasswordCheck).mockClear();

    for (const pw of [TEST_PASSWORD, "wrong-during-lock"]) {
      expect((await failure(signInWithPassword({ email, password: pw, ip }))).code).toBe("TOO_MANY_REQUESTS");
    }
    expect(password.verifyPassword).not.toHaveBeenCalled();
    expect(password.burnPasswordCheck).not.toHaveBeenCalled();
    expect(await limiterRows()).toEqual(before.limits);
    expect(await db.signInAttempt.count()).toBe(before.attempts);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).lastSignInAt).toEqual(before.user.lastSignInAt);
  });

  it("forgets an address's failures for the account after a successful sign-in", async () => {
    const ip = "198.51.100.20";
    for (let i = 0; i < SIGN_IN_LIMITS.pairConsecutive; i++) await failure(signInWithPassword({ email, password: "wrong", ip }));
    await signInWithPassword({ email, password: TEST_PASSWORD, ip });
    for (let i = 0; i < SIGN_IN_LIMITS.pairConsecutive; i++) {
      expect((await failure(signInWithPassword({ email, password: "wrong", ip }))).code).toBe("UNAUTHORIZED");
    }
  });

  it("limits failures per address across accounts, per day", async () => {
    const ip = "192.0.2.77";
    // The store's state after a day's worth of failures from this address on other accounts.
    await db.rateLimit.create({
      data: { key: limitKeys.ip(ip), points: SIGN_IN_LIMITS.ipPerDay, expire: new Date(Date.now() + 3_600_000) },
    });
    const crossing = await failure(signInWithPassword({ email: "spray@example.test", password: "x", ip }));
    expect(crossing.code).toBe("TOO_MANY_REQUESTS");
    expect(crossing.message).toBe("Too many failed sign-in attempts from your network. Try again in 24 hours.");
    const blocked = await failure(signInWithPassword({ email, password: TEST_PASSWORD, ip }));
    expect(blocked.details).toMatchObject({ scope: "ip" });
    // Another address is unaffected.
    expect((await signInWithPassword({ email, password: TEST_PASSWORD, ip: "192.0.2.78" })).email).toBe(email);
  });

  it("counts unknown emails like real ones, so being throttled does not reveal which accounts exist", async () => {
    const ip = "198.51.100.80";
    const codes: string[] = [];
    for (let i = 0; i <= SIGN_IN_LIMITS.pairConsecutive; i++) {
      codes.push((await failure(signInWithPassword({ email: "ghost@example.test", password: "x", ip }))).code);
    }
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect(await db.emailOutbox.count({ where: { to: "ghost@example.test" } })).toBe(0);
  });

  it("refuses unusable input before anything else: empty fields, NUL, lone surrogates", async () => {
    expect((await failure(signInWithPassword({ email: " ", password: "", ip: "198.51.100.3" }))).code).toBe("BAD_REQUEST");
    const nul = await failure(signInWithPassword({ email: "a\u0000@example.test", password: "x", ip: "198.51.100.3" }));
    expect(nul.code).toBe("BAD_REQUEST");
    expect(nul.message).toMatch(/U\+0000/);
    const lone = await failure(signInWithPassword({ email, password: "pw\ud800", ip: "198.51.100.3" }));
    expect(lone.message).toMatch(/unpaired surrogate \(U\+D800\)/);
    expect(await db.signInAttempt.count({ where: { ip: "198.51.100.3" } })).toBe(0);
  });
});
