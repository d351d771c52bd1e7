// Translation of chat lines (docs/translation.md) with the REAL clients: deepl-node (through
// DEEPL_SERVER_URL, its `serverUrl`) and our LibreTranslate client, both pointed at a local fake
// provider (tests/helpers/fake-translator.ts), since neither service can be reached from here. That
// fake is the only stand-in; the database, the seats and the visibility rules are the real ones.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { requireSeat } from "../../server/sessions/participant";
import { providerFromConfig } from "../../server/translation/config";
import { forgetTranslations } from "../../server/translation/forget";
import { libreTranslateProvider } from "../../server/translation/libretranslate";
import { MAX_LINES_PER_CALL, translateLines } from "../../server/translation/lines";
import { createLiveSession, seatAgent, seedOrg } from "../helpers/factories";
import { startFakeTranslator } from "../helpers/fake-translator";

// Configured before anything reads the environment (server/env.ts parses it once per test file).
const fake = await startFakeTranslator();
process.env.DEEPL_AUTH_KEY = "test-only-deepl-key:fx";
process.env.DEEPL_SERVER_URL = fake.url;
afterAll(() => fake.close());

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type User = { id: string; email: string; name: string | null };
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let agent2Id: string;
let n = 0;
const cid = () => `tr-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;
const asVisitor = (c = cookie) => createCaller(createContext({ user: null, visitorCookieId: c }));
const asUser = (u: User) => createCaller(createContext({ user: u }));

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

/** A room line from the first agent; returns its (stream, seq). */
async function agentSays(text: string) {
  const e = await asUser(s.agents[0]!.user).sessions.send({ sessionId: live.session.id, text, clientEventId: cid() });
  return { stream: e.stream, seq: e.seq };
}

beforeEach(async () => {
  fake.down = false;
  s = await seedOrg();
  cookie = `tr-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
  agent2Id = (await seatAgent(s, live.session.id)).id;
});

describe("translation through DeepL's SDK (configured by DEEPL_AUTH_KEY + DEEPL_SERVER_URL)", () => {
  it("is on, and gives a line in the reader's language with the detected source", async () => {
    expect(await asVisitor().translation.status()).toEqual({ available: true });
    const line = await agentSays("Hello, how can I help you?");
    const got = await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    expect(got).toEqual({
      available: true,
      failed: false,
      lines: [{ ...line, text: "Bonjour, comment puis-je vous aider ?", sourceLanguage: "en", sameLanguage: false }],
    });
    // deepl-node made the request, with its auth header and DeepL's target code.
    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({
      path: "/v2/translate",
      target: "fr",
      auth: "DeepL-Auth-Key test-only-deepl-key:fx",
      texts: ["Hello, how can I help you?"],
    });
  });

  it("translates each line once per language, whoever reads it, and never rewrites the archive", async () => {
    const text = `Your parcel ships tomorrow (${cid()})`;
    const line = await agentSays(text);
    const ask = (caller: ReturnType<typeof asVisitor>, language: "fr" | "de") =>
      caller.translation.lines({ sessionId: live.session.id, language, lines: [line] });

    // Two readers at the same moment, then again later: one provider call for French.
    const [a, b] = await Promise.all([ask(asVisitor(), "fr"), ask(asUser(s.agents[1]!.user), "fr")]);
    expect(a.lines[0]!.text).toBe(`[fr] ${text}`);
    expect(b.lines).toEqual(a.lines);
    expect((await ask(asVisitor(), "fr")).lines).toEqual(a.lines);
    expect(fake.timesAsked(text)).toBe(1);
    // Another language is another translation.
    expect((await ask(asUser(s.agents[1]!.user), "de")).lines[0]!.text).toBe(`[de] ${text}`);
    expect(fake.timesAsked(text)).toBe(2);

    const rows = await db.lineTranslation.findMany({ where: { sessionId: live.session.id }, orderBy: { language: "asc" } });
    expect(rows.map((r) => [r.orgId, r.language, r.text, r.sourceLanguage])).toEqual([
      [s.org.id, "de", `[de] ${text}`, "en"],
      [s.org.id, "fr", `[fr] ${text}`, "en"],
    ]);
    const archived = await db.sessionEvent.findFirstOrThrow({ where: { sessionId: live.session.id, stream: line.stream, seq: line.seq } });
    expect(archived.payload).toEqual({ text });
  });

  it("says when a line is already in the reader's language", async () => {
    const line = await agentSays("Hello, how can I help you?");
    const got = await asVisitor().translation.lines({ sessionId: live.session.id, language: "en", lines: [line] });
    expect(got.lines).toEqual([{ ...line, text: "Hello, how can I help you?", sourceLanguage: "en", sameLanguage: true }]);
  });

  it("gives a private sidebar line only to the sidebar's members", async () => {
    const opened = await asUser(s.agents[0]!.user).sidebars.open({ sessionId: live.session.id, memberIds: [agent2Id] });
    const text = `Staff only: check the refund (${cid()})`;
    const e = await asUser(s.agents[0]!.user).sidebars.send({
      sessionId: live.session.id,
      sidebarId: opened.sidebarId,
      text,
      clientEventId: cid(),
    });
    const line = { stream: e.stream, seq: e.seq };

    const visitorGot = await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    expect(visitorGot).toEqual({ available: true, failed: false, lines: [] });
    expect(fake.timesAsked(text)).toBe(0);

    const memberGot = await asUser(s.agents[1]!.user).translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    expect(memberGot.lines).toEqual([{ ...line, text: `[fr] ${text}`, sourceLanguage: "en", sameLanguage: false }]);
    // Now cached, and still not for the visitor.
    expect((await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] })).lines).toEqual([]);
  });

  it("answers NOT_FOUND for a session of another org, or to someone without a seat", async () => {
    const line = await agentSays("Hello, how can I help you?");
    const other = await seedOrg();
    const otherLive = await createLiveSession(other, { visitorCookieId: `other-${cid()}` });
    expect(otherLive.session.id).not.toBe(live.session.id);
    const input = { sessionId: live.session.id, language: "fr" as const, lines: [line] };
    expect((await errorOf(asUser(other.agents[0]!.user).translation.lines(input))).code).toBe("NOT_FOUND");
    expect((await errorOf(asUser(other.owner.user).translation.lines(input))).code).toBe("NOT_FOUND");
    expect((await errorOf(asVisitor(`other-${cid()}`).translation.lines(input))).code).toBe("NOT_FOUND");
    expect((await errorOf(createCaller(createContext({ user: null })).translation.lines(input))).code).toBe("NOT_FOUND");
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(0);
  });

  it("gives the originals with a flag, and no error, while the provider is down; translates once it is back", async () => {
    const cachedLine = await agentSays(`Cached before the outage (${cid()})`);
    await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [cachedLine] });
    const text = `Asked during the outage (${cid()})`;
    const line = await agentSays(text);

    fake.down = true;
    const during = await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [cachedLine, line] });
    expect(during.available).toBe(true);
    expect(during.failed).toBe(true);
    // What was cached still comes; the failed line is left out (the viewer shows its original).
    expect(during.lines.map((l) => l.seq)).toEqual([cachedLine.seq]);
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(1);

    fake.down = false;
    const after = await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    expect(after).toEqual({
      available: true,
      failed: false,
      lines: [{ ...line, text: `[fr] ${text}`, sourceLanguage: "en", sameLanguage: false }],
    });
  });

  it("refuses an unknown language code or too many lines with BAD_REQUEST, and translates nothing", async () => {
    const line = await agentSays(`Bad input (${cid()})`);
    const before = fake.calls.length;
    const unknown = await errorOf(asVisitor().translation.lines({ sessionId: live.session.id, language: "xx" as "fr", lines: [line] }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("Unknown language code");
    const tooMany = Array.from({ length: MAX_LINES_PER_CALL + 1 }, (_, i) => ({ stream: "room", seq: i + 1 }));
    const many = await errorOf(asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: tooMany }));
    expect(many.code).toBe("BAD_REQUEST");
    expect(many.message).toContain(`At most ${MAX_LINES_PER_CALL} lines per call`);
    const none = await errorOf(asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [] }));
    expect(none.code).toBe("BAD_REQUEST");
    const badSeq = await errorOf(
      asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [{ stream: "room", seq: -1 }] }),
    );
    expect(badSeq.code).toBe("BAD_REQUEST");
    expect(fake.calls.length).toBe(before);
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(0);
  });

  it("leaves out events that are not lines (a navigation, a join)", async () => {
    const nav = await asUser(s.agents[0]!.user).sessions.lead({ sessionId: live.session.id, url: "https://example.test/help" });
    const got = await asVisitor().translation.lines({
      sessionId: live.session.id,
      language: "fr",
      lines: [{ stream: nav.stream, seq: nav.seq }],
    });
    expect(got).toEqual({ available: true, failed: false, lines: [] });
  });
});

describe("translation through a LibreTranslate-compatible URL", () => {
  it("translates a visitor's French line for an English-reading agent, sending the API key, once", async () => {
    const provider = libreTranslateProvider({ url: fake.url, apiKey: "test-only-libre-key" });
    const text = "Bonjour, ma commande est en retard.";
    const e = await asVisitor().sessions.send({ sessionId: live.session.id, text, clientEventId: cid() });
    const seat = await requireSeat({ userId: s.agents[0]!.user.id }, live.session.id);
    const line = { stream: e.stream, seq: e.seq };
    const before = fake.timesAsked(text);
    const got = await translateLines(seat, { language: "en", lines: [line] }, provider);
    expect(got).toEqual({
      available: true,
      failed: false,
      lines: [{ ...line, text: "Hello, my order is late.", sourceLanguage: "fr", sameLanguage: false }],
    });
    expect(fake.calls.at(-1)).toMatchObject({ path: "/translate", target: "en", auth: "test-only-libre-key" });
    await translateLines(seat, { language: "en", lines: [line] }, provider);
    expect(fake.timesAsked(text) - before).toBe(1);
  });

  it("degrades to the originals when the URL answers nothing", async () => {
    const closed = await startFakeTranslator();
    const url = closed.url;
    await closed.close();
    const line = await agentSays(`Nobody listens (${cid()})`);
    const seat = await requireSeat({ visitorCookieId: cookie }, live.session.id);
    const got = await translateLines(seat, { language: "fr", lines: [line] }, libreTranslateProvider({ url }));
    expect(got).toEqual({ available: true, failed: true, lines: [] });
  });
});

describe("forgetting translations (erasure, retention)", () => {
  it("deletes a session's cached translations, in that org only, and with its lines", async () => {
    const line = await agentSays(`To forget (${cid()})`);
    await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    await asVisitor().translation.lines({ sessionId: live.session.id, language: "de", lines: [line] });
    const other = await seedOrg();
    expect(await db.$transaction((tx) => forgetTranslations(tx, other.org.id, [live.session.id]))).toBe(0);
    expect(await db.$transaction((tx) => forgetTranslations(tx, s.org.id, [live.session.id]))).toBe(2);
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(0);

    // A deleted line takes its translations with it.
    await asVisitor().translation.lines({ sessionId: live.session.id, language: "fr", lines: [line] });
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(1);
    await db.sessionEvent.deleteMany({ where: { sessionId: live.session.id, stream: line.stream, seq: line.seq } });
    expect(await db.lineTranslation.count({ where: { sessionId: live.session.id } })).toBe(0);
  });
});

describe("translation with nothing configured", () => {
  it("is off: no provider, and lines answer available: false without an error", async () => {
    expect(providerFromConfig({})).toBeNull();
    expect(providerFromConfig({ LIBRETRANSLATE_API_KEY: "a key alone" })).toBeNull();
    const line = await agentSays("Hello, how can I help you?");
    const seat = await requireSeat({ visitorCookieId: cookie }, live.session.id);
    expect(await translateLines(seat, { language: "fr", lines: [line] }, providerFromConfig({}))).toEqual({
      available: false,
      failed: false,
      lines: [],
    });
  });

  it("prefers DeepL when both are configured", () => {
    expect(providerFromConfig({ DEEPL_AUTH_KEY: "k", LIBRETRANSLATE_URL: fake.url })!.name).toBe("deepl");
    expect(providerFromConfig({ LIBRETRANSLATE_URL: fake.url })!.name).toBe("libretranslate");
  });
});
