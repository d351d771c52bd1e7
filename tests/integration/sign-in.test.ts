import { beforeEach, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, signInWithPassword } from "../../server/accounts/sign-in";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { createUser, TEST_PASSWORD } from "../helpers/factories";

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

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

  it("locks an account after repeated failures, even for the right password, until the window passes", async () => {
    const start = new Date();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const at = new Date(start.getTime() + i * 1000);
      expect((await failure(signInWithPassword({ email, password: `wrong-${i}`, ip: `198.51.100.${10 + i}`, now: at }))).code).toBe(
        "UNAUTHORIZED",
      );
    }
    const locked = await failure(
      signInWithPassword({ email, password: TEST_PASSWORD, ip: "198.51.100.99", now: new Date(start.getTime() + 10_000) }),
    );
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/Too many failed sign-in attempts for this account\. Try again in 15 minutes\./);
    // The lock does not extend itself: the refused attempt above was not counted as a failure.
    const later = new Date(start.getTime() + SIGN_IN_LIMITS.windowMs + 1000);
    const user = await signInWithPassword({ email, password: TEST_PASSWORD, ip: "198.51.100.99", now: later });
    expect(user.email).toBe(email);
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) {
      await failure(signInWithPassword({ email, password: "wrong", ip: "198.51.100.20" }));
    }
    await signInWithPassword({ email, password: TEST_PASSWORD, ip: "198.51.100.20" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) {
      expect((await failure(signInWithPassword({ email, password: "wrong", ip: "198.51.100.21" }))).code).toBe("UNAUTHORIZED");
    }
  });

  it("limits failures per IP address across accounts", async () => {
    const ip = "192.0.2.77";
    // Spread over fresh accounts so no single account hits its own limit.
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) {
      await db.signInAttempt.create({ data: { email: `spray-${i}@example.test`, ip, success: false } });
    }
    const blocked = await failure(signInWithPassword({ email, password: TEST_PASSWORD, ip }));
    expect(blocked.code).toBe("TOO_MANY_REQUESTS");
    expect(blocked.message).toMatch(/from your network/);
    // Another address is unaffected.
    expect((await signInWithPassword({ email, password: TEST_PASSWORD, ip: "192.0.2.78" })).email).toBe(email);
  });

  it("asks for both fields", async () => {
    expect((await failure(signInWithPassword({ email: " ", password: "", ip: "198.51.100.3" }))).code).toBe("BAD_REQUEST");
  });
});
