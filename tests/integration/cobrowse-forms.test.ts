// Forms filled together (server/cobrowse/forms.ts) on a real PostgreSQL: the archive's
// "field X filled by Y", masked fields refused and never archived with a value, one answer per
// proposal, bad input refused with nothing stored, another tenant NOT_FOUND, through the router.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { answerFormProposal, formReportFromTab, proposeFormValue, recordOwnFill } from "../../server/cobrowse/forms";
import { signToken } from "../../server/cobrowse/pairing";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { requireSeat } from "../../server/sessions/participant";
import { callerFor, createLiveSession, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let n = 0;
const pid = () => `prop${Date.now().toString(36)}${n++}${Math.random().toString(36).slice(2, 8)}`;

const agentSeat = () => requireSeat({ userId: s.agents[0]!.user.id }, live.session.id);
const visitorSeat = () => requireSeat({ visitorCookieId: cookie }, live.session.id);
const formEvents = () =>
  db.sessionEvent.findMany({
    where: { sessionId: live.session.id, type: { startsWith: "form." } },
    orderBy: { id: "asc" },
    select: { type: true, payload: true, actorParticipantId: true },
  });

async function appError(p: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

beforeEach(async () => {
  s = await seedOrg();
  cookie = `visitor-cookie-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
});

describe("a proposal the visitor accepts or declines", () => {
  it("archives form.proposed, then form.filled as 'field X filled by the agent' with the value", async () => {
    const id = pid();
    const proposed = await proposeFormValue(await agentSeat(), { proposalId: id, field: "  City\n", value: "Tromsø", masked: false });
    expect(proposed.type).toBe("form.proposed");
    expect(proposed.payload).toEqual({ proposalId: id, field: "City", value: "Tromsø" });
    expect(proposed.actorParticipantId).toBe(live.agent.id);

    const filled = await answerFormProposal(await visitorSeat(), { proposalId: id, accepted: true });
    expect(filled.type).toBe("form.filled");
    expect(filled.payload).toEqual({ proposalId: id, field: "City", by: "Agent One", masked: false, value: "Tromsø" });
    expect(filled.actorParticipantId).toBe(live.visitorSeat.id);
    expect((await formEvents()).map((e) => e.type)).toEqual(["form.proposed", "form.filled"]);
  });

  it("archives a decline with who declined and why, and keeps the first answer to a proposal", async () => {
    const id = pid();
    await proposeFormValue(await agentSeat(), { proposalId: id, field: "Email", value: "grace@example.test", masked: false });
    const declined = await answerFormProposal(await visitorSeat(), { proposalId: id, accepted: false });
    expect(declined.payload).toEqual({ proposalId: id, field: "Email", by: "Visitor", reason: "declined" });
    // A late "accept" of the same proposal (a second click, a retry) gets the first answer back.
    const again = await answerFormProposal(await visitorSeat(), { proposalId: id, accepted: true });
    expect(again.type).toBe("form.declined");
    expect(again.seq).toBe(declined.seq);
    expect((await formEvents()).map((e) => e.type)).toEqual(["form.proposed", "form.declined"]);
  });

  it("stores a retried proposal once", async () => {
    const id = pid();
    const seat = await agentSeat();
    const [a, b] = await Promise.all([
      proposeFormValue(seat, { proposalId: id, field: "City", value: "Oslo", masked: false }),
      proposeFormValue(seat, { proposalId: id, field: "City", value: "Oslo", masked: false }),
    ]);
    expect(a.seq).toBe(b.seq);
    expect(await formEvents()).toHaveLength(1);
  });

  it("archives the visitor's page refusing a field it found masked, without any value", async () => {
    const id = pid();
    await proposeFormValue(await agentSeat(), { proposalId: id, field: "Membership number", value: "1234", masked: false });
    const refused = await answerFormProposal(await visitorSeat(), { proposalId: id, accepted: false, reason: "masked" });
    expect(refused.type).toBe("form.declined");
    expect(refused.payload).toEqual({ proposalId: id, field: "Membership number", by: "Visitor", reason: "masked" });
  });
});

describe("masked fields", () => {
  it("refuses a proposal into a masked field and stores nothing", async () => {
    const e = await appError(
      proposeFormValue(await agentSeat(), { proposalId: pid(), field: "Password", value: "hunter2", masked: true }),
      "FORBIDDEN",
    );
    expect(e.message).toMatch(/masked/);
    expect(await formEvents()).toEqual([]);
  });

  it("archives a masked field the visitor filled without its value, even when a value was sent", async () => {
    const e = await recordOwnFill(await visitorSeat(), { clientEventId: pid(), field: "Password", masked: true, value: "s3cret-passw0rd" });
    expect(e.payload).toEqual({ proposalId: null, field: "Password", by: "Visitor", masked: true });
    const stored = await db.sessionEvent.findMany({ where: { sessionId: live.session.id } });
    expect(JSON.stringify(stored.map((x) => x.payload))).not.toContain("s3cret-passw0rd");
  });

  it("archives an unmasked field the visitor filled with its value", async () => {
    const e = await recordOwnFill(await visitorSeat(), { clientEventId: pid(), field: "Full name", masked: false, value: "Grace Hopper" });
    expect(e.payload).toEqual({ proposalId: null, field: "Full name", by: "Visitor", masked: false, value: "Grace Hopper" });
  });
});

describe("who may do what", () => {
  it("lets only an agent propose, and only the visitor answer or report a fill", async () => {
    const visitor = await visitorSeat();
    await appError(proposeFormValue(visitor, { proposalId: pid(), field: "City", value: "Oslo", masked: false }), "FORBIDDEN");
    const id = pid();
    await proposeFormValue(await agentSeat(), { proposalId: id, field: "City", value: "Oslo", masked: false });
    await appError(answerFormProposal(await agentSeat(), { proposalId: id, accepted: true }), "FORBIDDEN");
    await appError(recordOwnFill(await agentSeat(), { clientEventId: pid(), field: "City", masked: false, value: "Oslo" }), "FORBIDDEN");
    expect((await formEvents()).map((e) => e.type)).toEqual(["form.proposed"]);
  });

  it("answers NOT_FOUND for a proposal that does not exist, or is another event", async () => {
    await appError(answerFormProposal(await visitorSeat(), { proposalId: pid(), accepted: true }), "NOT_FOUND");
    // A chat line's id is not a proposal.
    const chatId = pid();
    await createCaller(createContext({ user: null, visitorCookieId: cookie })).sessions.send({
      sessionId: live.session.id,
      text: "hello",
      clientEventId: chatId,
    });
    await appError(answerFormProposal(await visitorSeat(), { proposalId: chatId, accepted: true }), "NOT_FOUND");
    expect(await formEvents()).toEqual([]);
  });

  it("refuses once the session has ended", async () => {
    const id = pid();
    await proposeFormValue(await agentSeat(), { proposalId: id, field: "City", value: "Oslo", masked: false });
    await db.session.update({ where: { id: live.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    await appError(answerFormProposal(await visitorSeat(), { proposalId: id, accepted: true }), "PRECONDITION_FAILED");
    await appError(
      proposeFormValue(await agentSeat(), { proposalId: pid(), field: "City", value: "Oslo", masked: false }),
      "PRECONDITION_FAILED",
    );
    expect(await formEvents()).toHaveLength(1);
  });
});

describe("bad input", () => {
  it.each([
    ["a proposal id that is too short", { proposalId: "abc", field: "City", value: "Oslo" }, /proposal id/],
    ["a proposal id with a dot", { proposalId: "abcdefgh.answer", field: "City", value: "Oslo" }, /proposal id/],
    ["an empty value", { proposalId: "p-valid-id-1", field: "City", value: "  \n " }, /Type a value/],
    ["a value over the limit", { proposalId: "p-valid-id-2", field: "City", value: "x".repeat(2001) }, /at most 2000/],
    ["a field without a label", { proposalId: "p-valid-id-3", field: "\u0007 ", value: "Oslo" }, /no label/],
    ["a field label over the limit", { proposalId: "p-valid-id-4", field: "L".repeat(201), value: "Oslo" }, /at most 200/],
    ["NUL in the value", { proposalId: "p-valid-id-5", field: "City", value: "Os\u0000lo" }, /U\+0000/],
  ])("refuses %s and stores nothing", async (_what, input, message) => {
    const e = await appError(proposeFormValue(await agentSeat(), { ...input, masked: false }), "BAD_REQUEST");
    expect(e.message).toMatch(message);
    expect(await formEvents()).toEqual([]);
  });
});

describe("through the router", () => {
  it("proposes as the agent and answers as the visitor; another tenant's agent gets NOT_FOUND", async () => {
    const agent = callerFor(s.agents[0]!.user);
    const visitor = createCaller(createContext({ user: null, visitorCookieId: cookie }));
    const id = pid();
    const proposed = await agent.sessions.formPropose({
      sessionId: live.session.id,
      proposalId: id,
      field: "Country",
      value: "NO",
      masked: false,
    });
    expect(proposed.type).toBe("form.proposed");
    const filled = await visitor.sessions.formAnswer({ sessionId: live.session.id, proposalId: id, accepted: true });
    expect(filled.payload).toMatchObject({ field: "Country", by: "Agent One", value: "NO" });

    const other = await seedOrg();
    const stranger = callerFor(other.agents[0]!.user);
    const e = await stranger.sessions
      .formPropose({ sessionId: live.session.id, proposalId: pid(), field: "City", value: "Oslo", masked: false })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("NOT_FOUND");
    expect((await formEvents()).map((x) => x.type)).toEqual(["form.proposed", "form.filled"]);
  });
});

describe("from the visitor's shared tab (POST /api/cobrowse/form)", () => {
  async function tabToken(opts: { consented?: boolean; stopped?: boolean } = {}) {
    const pairing = await db.cobrowsePairing.create({
      data: {
        orgId: s.org.id,
        sessionId: live.session.id,
        participantId: live.visitorSeat.id,
        nonceHash: `hash-${pid()}`,
        consentedAt: opts.consented === false ? null : new Date(),
        stoppedAt: opts.stopped ? new Date() : null,
      },
    });
    return signToken({ p: pairing.id, s: live.session.id, exp: Date.now() + 60_000 });
  }

  it("archives the tab's answer and its own fills as the visitor's seat, a masked value dropped", async () => {
    const id = pid();
    await proposeFormValue(await agentSeat(), { proposalId: id, field: "City", value: "Oslo", masked: false });
    const token = await tabToken();
    await formReportFromTab({ token, kind: "answer", proposalId: id, accepted: true });
    await formReportFromTab({ token, kind: "fill", clientEventId: pid(), field: "Password", masked: true, value: "leaked-if-kept" });
    const events = await formEvents();
    expect(events.map((e) => [e.type, e.actorParticipantId])).toEqual([
      ["form.proposed", live.agent.id],
      ["form.filled", live.visitorSeat.id],
      ["form.filled", live.visitorSeat.id],
    ]);
    expect(JSON.stringify(events)).not.toContain("leaked-if-kept");
  });

  it("refuses a bad token, a tab that never consented or stopped, and an unknown kind, storing nothing", async () => {
    const fill = { kind: "fill", clientEventId: pid(), field: "City", masked: false, value: "Oslo" };
    await appError(formReportFromTab({ ...fill, token: "not.a-token" }), "UNAUTHORIZED");
    await appError(formReportFromTab({ ...fill, token: await tabToken({ consented: false }) }), "FORBIDDEN");
    await appError(formReportFromTab({ ...fill, token: await tabToken({ stopped: true }) }), "FORBIDDEN");
    await appError(formReportFromTab({ ...fill, kind: "delete", token: await tabToken() }), "BAD_REQUEST");
    // A token for another session's pairing names a session this pairing is not in.
    const other = signToken({ p: "no-such-pairing", s: live.session.id, exp: Date.now() + 60_000 });
    await appError(formReportFromTab({ ...fill, token: other }), "NOT_FOUND");
    expect(await formEvents()).toEqual([]);
  });
});
