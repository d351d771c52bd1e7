// With no translation provider configured (the default), translation is off and says so without an
// error: the viewer asks `translation.status` and shows no language control.
import { expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { createLiveSession, seedOrg } from "../helpers/factories";

it("answers available: false from status and from lines, and throws nothing", async () => {
  const s = await seedOrg();
  const cookie = `off-${Math.random().toString(36).slice(2, 12)}`;
  const live = await createLiveSession(s, { visitorCookieId: cookie });
  const visitor = createCaller(createContext({ user: null, visitorCookieId: cookie }));
  const line = await createCaller(createContext({ user: s.agents[0]!.user })).sessions.send({
    sessionId: live.session.id,
    text: "Hello",
    clientEventId: "off-line-0001",
  });
  expect(await visitor.translation.status()).toEqual({ available: false });
  expect(
    await visitor.translation.lines({ sessionId: live.session.id, language: "fr", lines: [{ stream: line.stream, seq: line.seq }] }),
  ).toEqual({
    available: false,
    failed: false,
    lines: [],
  });
});
