// Co-browsing's server side (docs/cobrowse.md) on a real PostgreSQL and the run's real relay:
// pairing, consent, the tab's channel authorization, stop, the per-launcher switch and its
// settings, and tenant isolation. Bad input is refused with a typed error and changes nothing.
import { randomBytes } from "node:crypto";
import PusherJs from "pusher-js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { channels } from "../../server/realtime/channels";
import { COBROWSE_EVENT, ChunkAssembler, Pacer, encodeMessage, type PairAnswer, type RrMsg } from "../../lib/cobrowse";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { authorizeTab, consent, pairAnswer, signToken, stop } from "../../server/cobrowse/pairing";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { authorizeChannel } from "../../server/realtime/authorize";
import { errorOf } from "../helpers/errors";
import { createLiveSession, seedOrg } from "../helpers/factories";
import { connect, disconnectAll, subscribed } from "../helpers/realtime";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type Ready = Extract<PairAnswer, { state: "ready" }>;
let a: Seeded;
let b: Seeded;

const nonce = () => randomBytes(18).toString("base64url");
const asVisitor = (cookieId: string) => createCaller(createContext({ user: null, visitorCookieId: cookieId }));
const asUser = (u: { id: string; email: string; name: string | null }) => createCaller(createContext({ user: u }));
const cookie = () => `cookie-${randomBytes(8).toString("hex")}`;

async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function liveWithPairing(seeded: Seeded) {
  const c = cookie();
  const live = await createLiveSession(seeded, { visitorCookieId: c, monitor: true });
  const n = nonce();
  await asVisitor(c).cobrowse.pair({ sessionId: live.session.id, nonce: n });
  const answer = (await pairAnswer(n, "127.0.0.1:3000")) as Ready;
  return { live, cookie: c, nonce: n, answer };
}

const events = (sessionId: string, type: string) => db.sessionEvent.findMany({ where: { sessionId, type }, select: { payload: true } });

beforeAll(async () => {
  a = await seedOrg({ name: "Cobrowse A" });
  b = await seedOrg({ name: "Cobrowse B" });
});

afterEach(() => disconnectAll());

describe("pairing the visitor's tab", () => {
  it("answers waiting for an unknown nonce, and ready with a token once the visitor's viewer claimed it", async () => {
    expect(await pairAnswer(nonce())).toEqual({ state: "waiting" });
    const { answer, live } = await liveWithPairing(a);
    expect(answer).toMatchObject({
      state: "ready",
      sessionId: live.session.id,
      channel: channels.cobrowse(live.session.id),
      agentName: "Agent One",
      consented: false,
      control: false,
      maskSelectors: [],
    });
    expect(answer.token).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it("lets only the visitor's own seat claim, refuses a malformed nonce, and stores nothing then", async () => {
    const c = cookie();
    const live = await createLiveSession(a, { visitorCookieId: c });
    const before = await db.cobrowsePairing.count();
    expect((await errorOf(asVisitor(c).cobrowse.pair({ sessionId: live.session.id, nonce: "short" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(asUser(a.agents[0]!.user).cobrowse.pair({ sessionId: live.session.id, nonce: nonce() }))).code).toBe("FORBIDDEN");
    // Another org's visitor (and an unknown cookie) sees no such session.
    const other = await createLiveSession(b, { visitorCookieId: cookie() });
    expect((await errorOf(asVisitor(c).cobrowse.pair({ sessionId: other.session.id, nonce: nonce() }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asVisitor(cookie()).cobrowse.pair({ sessionId: live.session.id, nonce: nonce() }))).code).toBe("NOT_FOUND");
    expect(await db.cobrowsePairing.count()).toBe(before);
  });

  it("refuses a nonce already paired with another session", async () => {
    const first = await liveWithPairing(a);
    const c = cookie();
    const second = await createLiveSession(a, { visitorCookieId: c });
    expect((await errorOf(asVisitor(c).cobrowse.pair({ sessionId: second.session.id, nonce: first.nonce }))).code).toBe("CONFLICT");
  });
});

describe("consent and the tab's channel", () => {
  it("admits the tab to its own co-browse channel only after consent, archives one start, and shuts it out after stop", async () => {
    const { answer, live, nonce: n } = await liveWithPairing(a);
    const channel = channels.cobrowse(live.session.id);
    expect((await appErrorOf(authorizeTab(answer.token, "1.2", channel))).code).toBe("FORBIDDEN");

    await consent(answer.token, true);
    await consent(answer.token, true); // a double click archives one start
    expect(await events(live.session.id, "cobrowse.started")).toEqual([{ payload: { control: true } }]);
    const auth = await authorizeTab(answer.token, "1.2", channel);
    expect(auth.auth).toMatch(/^isession-key:[0-9a-f]{64}$/);

    // Only its own session's channel; a forged or foreign token is refused.
    const other = await liveWithPairing(a);
    expect((await appErrorOf(authorizeTab(answer.token, "1.2", channels.cobrowse(other.live.session.id)))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(authorizeTab(answer.token, "1.2", channels.session(live.session.id)))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(authorizeTab(`${answer.token}x`, "1.2", channel))).code).toBe("UNAUTHORIZED");
    expect(
      (await appErrorOf(authorizeTab(signToken({ p: "nope", s: live.session.id, exp: Date.now() + 60_000 }), "1.2", channel))).code,
    ).toBe("NOT_FOUND");
    expect((await appErrorOf(authorizeTab(answer.token, "bad socket", channel))).code).toBe("BAD_REQUEST");

    expect((await appErrorOf(stop(answer.token, "because"))).code).toBe("BAD_REQUEST");
    expect(await events(live.session.id, "cobrowse.stopped")).toEqual([]);
    await stop(answer.token, "visitor");
    await stop(answer.token, "visitor");
    expect(await events(live.session.id, "cobrowse.stopped")).toEqual([{ payload: { reason: "visitor" } }]);
    expect((await appErrorOf(authorizeTab(answer.token, "1.2", channel))).code).toBe("FORBIDDEN");
    // A later page of the same tab asks again rather than resuming.
    expect(((await pairAnswer(n)) as Ready).consented).toBe(false);
  });

  it("lets the session's visible staff on the co-browse channel, and nobody else", async () => {
    const { live } = await liveWithPairing(a);
    const channel = channels.cobrowse(live.session.id);
    expect((await authorizeChannel({ userId: a.agents[0]!.user.id }, channel)).ok).toBe(true);
    // The visitor shares through the tab (token), monitors are unseen, other agents and orgs are outside.
    expect(
      (
        await authorizeChannel(
          { visitorCookieId: (await db.visitor.findUniqueOrThrow({ where: { id: live.visitor.id } })).cookieId },
          channel,
        )
      ).ok,
    ).toBe(false);
    expect((await authorizeChannel({ userId: a.manager.user.id }, channel)).ok).toBe(false);
    expect((await authorizeChannel({ userId: a.agents[1]!.user.id }, channel)).ok).toBe(false);
    expect((await authorizeChannel({ userId: b.agents[0]!.user.id }, channel)).ok).toBe(false);
  });

  it("carries a chunked snapshot from the tab to the agent through the real relay", async () => {
    const { answer, live } = await liveWithPairing(a);
    await consent(answer.token, false);
    const channel = channels.cobrowse(live.session.id);
    const agent = connect({ userId: a.agents[0]!.user.id });
    const agentCh = await subscribed(agent, channel);
    const tab = new PusherJs("isession-key", {
      wsHost: "127.0.0.1",
      wsPort: inject("relayPort"),
      forceTLS: false,
      enabledTransports: ["ws"],
      cluster: "local",
      disableStats: true,
      channelAuthorization: {
        endpoint: "unused",
        transport: "ajax",
        customHandler: ({ socketId, channelName }, cb) =>
          void authorizeTab(answer.token, socketId, channelName).then(
            (r) => cb(null, r),
            (e: Error) => cb(e, null),
          ),
      },
    });
    try {
      const tabCh = await subscribed(tab, channel);
      // ~80 KB of incompressible DOM text: many times the relay's 10 KB event limit.
      const big: RrMsg = {
        t: "rr",
        tab: "t1",
        seq: 0,
        full: true,
        events: [{ type: 2, timestamp: 1, data: { text: randomBytes(60_000).toString("base64") } }],
      };
      const pieces = await encodeMessage(big);
      expect(pieces.length).toBeGreaterThan(1);
      const assembler = new ChunkAssembler();
      const got = new Promise((resolve) =>
        agentCh.bind(COBROWSE_EVENT, (d: unknown) => void assembler.accept(d).then((m) => m && resolve(m))),
      );
      // Paced under the relay's 10 client events/s, as the bundle and the mirror send.
      const pacer = new Pacer((p: unknown) => tabCh.trigger(COBROWSE_EVENT, p));
      for (const p of pieces) pacer.push(p);
      expect(await got).toEqual(big);
    } finally {
      tab.disconnect();
    }
  });
});

describe("the launcher's switch and settings", () => {
  it("with co-browsing off: no claim, the tab is told it ended, and its token opens nothing", async () => {
    const { answer, live, nonce: n } = await liveWithPairing(a);
    await consent(answer.token, false);
    const owner = asUser(a.owner.user);
    await owner.cobrowse.setSettings({ orgId: a.org.id, launcherId: a.launcher.id, enabled: false, maskSelectors: "" });
    try {
      expect(await pairAnswer(n)).toEqual({ state: "ended" });
      expect((await appErrorOf(authorizeTab(answer.token, "1.2", channels.cobrowse(live.session.id)))).code).toBe("NOT_FOUND");
      const c = cookie();
      const fresh = await createLiveSession(a, { visitorCookieId: c });
      expect((await errorOf(asVisitor(c).cobrowse.pair({ sessionId: fresh.session.id, nonce: nonce() }))).code).toBe("PRECONDITION_FAILED");
    } finally {
      await owner.cobrowse.setSettings({ orgId: a.org.id, launcherId: a.launcher.id, enabled: true, maskSelectors: "" });
    }
  });

  it("saves valid mask selectors, refuses a bad one as a whole, and hands them to the tab", async () => {
    const owner = asUser(a.owner.user);
    const saved = await owner.cobrowse.setSettings({
      orgId: a.org.id,
      launcherId: a.launcher.id,
      enabled: true,
      maskSelectors: ".account-no\n\n  #iban  ",
    });
    expect(saved.maskSelectors).toBe(".account-no\n#iban");
    const bad = await errorOf(
      owner.cobrowse.setSettings({ orgId: a.org.id, launcherId: a.launcher.id, enabled: false, maskSelectors: ".ok\nbody { color: red }" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/line 2/);
    expect(await owner.cobrowse.settings({ orgId: a.org.id, launcherId: a.launcher.id })).toEqual({
      launcherId: a.launcher.id,
      enabled: true,
      maskSelectors: ".account-no\n#iban",
    });
    const { answer } = await liveWithPairing(a);
    expect(answer.maskSelectors).toEqual([".account-no", "#iban"]);
    await owner.cobrowse.setSettings({ orgId: a.org.id, launcherId: a.launcher.id, enabled: true, maskSelectors: "" });
  });

  it("answers NOT_FOUND for another tenant's launcher and FORBIDDEN for an agent", async () => {
    expect(
      (
        await errorOf(
          asUser(b.owner.user).cobrowse.setSettings({ orgId: b.org.id, launcherId: a.launcher.id, enabled: false, maskSelectors: "" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(asUser(b.owner.user).cobrowse.settings({ orgId: b.org.id, launcherId: a.launcher.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asUser(b.owner.user).cobrowse.settings({ orgId: a.org.id, launcherId: a.launcher.id }))).code).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          asUser(a.agents[0]!.user).cobrowse.setSettings({ orgId: a.org.id, launcherId: a.launcher.id, enabled: false, maskSelectors: "" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await db.launcher.findUniqueOrThrow({ where: { id: a.launcher.id } })).cobrowseEnabled).toBe(true);
  });

  it("tells the tab the session ended once it has", async () => {
    const { nonce: n, live } = await liveWithPairing(a);
    await db.session.update({ where: { id: live.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    expect(await pairAnswer(n)).toEqual({ state: "ended" });
  });
});
