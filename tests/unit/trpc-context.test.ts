// The tRPC context both ways in build (our server's /api/trpc handler and Next's route): the user
// from next-auth's session cookie, the visitor cookie, the client address, the own-origin check.
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => void vi.useRealTimers());
import { env } from "../../server/env";
import { CLIENT_ADDRESS_HEADER } from "../../server/http/client-address";
import { requestContext, verifiedVisitorCookie } from "../../server/http/trpc-context";
import { signVisitorCookie, VISITOR_COOKIE } from "../../server/visitors/cookie";

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;
const token = (secret = env.NEXTAUTH_SECRET) =>
  encode({ token: { sub: "user-1", uid: "user-1", email: "a@example.test", name: "Ada" }, secret });

describe("requestContext", () => {
  it("finds the signed-in user in next-auth's session cookie, whole or in chunks", async () => {
    const jwt = await token();
    const whole = await requestContext(headers({ cookie: `next-auth.session-token=${jwt}` }));
    expect(whole.user).toEqual({ id: "user-1", email: "a@example.test", name: "Ada" });
    const half = Math.floor(jwt.length / 2);
    const chunked = await requestContext(
      headers({ cookie: `next-auth.session-token.0=${jwt.slice(0, half)}; next-auth.session-token.1=${jwt.slice(half)}` }),
    );
    expect(chunked.user?.id).toBe("user-1");
  });

  it("finds no user in a token signed with another secret, or in garbage", async () => {
    expect(
      (await requestContext(headers({ cookie: `next-auth.session-token=${await token("another-secret-0123456789abcdef0123456789")}` })))
        .user,
    ).toBeNull();
    expect((await requestContext(headers({ cookie: "next-auth.session-token=not-a-token" }))).user).toBeNull();
    expect((await requestContext(headers({}))).user).toBeNull();
  });

  it("stops answering with the user once the token expires, though it was cached while valid", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-05T10:00:00Z"));
    const jwt = await encode({
      token: { sub: "user-2", uid: "user-2", email: "b@example.test", name: "Bo" },
      secret: env.NEXTAUTH_SECRET,
      maxAge: 30,
    });
    const cookie = headers({ cookie: `next-auth.session-token=${jwt}` });
    expect((await requestContext(cookie)).user?.id).toBe("user-2");
    vi.setSystemTime(new Date("2026-12-05T10:00:20Z"));
    expect((await requestContext(cookie)).user?.id).toBe("user-2");
    // next-auth's decode allows 15 s of clock skew past `exp` (as getServerSession does); after it, no user.
    vi.setSystemTime(new Date("2026-12-05T10:00:46Z"));
    expect((await requestContext(cookie)).user).toBeNull();
  });

  it("reads the visitor cookie only when we signed it", async () => {
    const id = "visitor-cookie-id-0001";
    expect((await requestContext(headers({ cookie: `${VISITOR_COOKIE}=${signVisitorCookie(id)}` }))).visitorCookieId).toBe(id);
    expect((await requestContext(headers({ cookie: `${VISITOR_COOKIE}=v1.${id}.forged` }))).visitorCookieId).toBeNull();
    // Remembered once verified, never a forged value: asked again, the same answers.
    expect(verifiedVisitorCookie(signVisitorCookie(id))).toBe(id);
    expect(verifiedVisitorCookie(`v1.${id}.forged`)).toBeNull();
    expect(verifiedVisitorCookie(`v1.${id}.forged`)).toBeNull();
    expect(verifiedVisitorCookie(undefined)).toBeNull();
  });

  it("takes the client address our web server set, and tells a foreign origin from our own", async () => {
    const own = new URL(env.NEXTAUTH_URL).origin;
    const ctx = await requestContext(headers({ [CLIENT_ADDRESS_HEADER]: "192.0.2.10", origin: own, host: new URL(own).host }));
    expect(ctx.ip).toBe("192.0.2.10");
    expect(ctx.foreignOrigin).toBe(false);
    expect((await requestContext(headers({ origin: "https://evil.example", host: new URL(own).host }))).foreignOrigin).toBe(true);
    expect((await requestContext(headers({ "sec-fetch-site": "cross-site" }))).foreignOrigin).toBe(true);
    expect((await requestContext(headers({}))).ip).toBe("unknown");
  });
});
