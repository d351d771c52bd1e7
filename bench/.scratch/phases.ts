import { throwawayDatabase } from "../lib";
const database = await throwawayDatabase();
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench-only-nextauth-secret-0123456789abcdef", PUSHER_SECRET: "bench-secret-0123456789abcdef", NEXTAUTH_URL: "http://127.0.0.1:9" });
const { db, disconnectDb } = await import("../../server/db");
const { createOrganization } = await import("../../server/orgs/create-org");
const { createAuditorium } = await import("../../server/auditorium/create");
const { joinAuditorium } = await import("../../server/auditorium/join");
const { answerChannelAuth } = await import("../../server/realtime/auth-endpoint");
const owner = await db.user.create({ data: { email: "p@b.test", name: "P" } });
const { org } = await createOrganization(db, { name: "X", ownerUserId: owner.id });
const m = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
const ev = await createAuditorium({ orgId: org.id, membershipId: m.id }, { title: "T", maxAttendees: 20000 });
const ch = `private-session-${ev.sessionId}-audience`;
const t = () => performance.now();
const acc = { join: 0, aud: 0, own: 0 };
for (let i = 1; i <= 8000; i++) {
  const cookie = `c${i}x`;
  let a = t();
  const r = await joinAuditorium({ key: ev.joinKey, name: `A${i}`, visitorCookieId: cookie });
  acc.join += t() - a;
  if (!r.ok) throw new Error(r.reason);
  a = t();
  await answerChannelAuth({ visitorCookieId: cookie }, new URLSearchParams({ socket_id: "1.1", channel_name: ch }));
  acc.aud += t() - a;
  a = t();
  await answerChannelAuth({ visitorCookieId: cookie }, new URLSearchParams({ socket_id: "1.1", channel_name: `private-participant-${r.participantId}` }));
  acc.own += t() - a;
  if (i % 1000 === 0) {
    console.log(`${i}: join ${(acc.join / 1000).toFixed(2)} ms, audience auth ${(acc.aud / 1000).toFixed(2)} ms, own auth ${(acc.own / 1000).toFixed(2)} ms`);
    acc.join = acc.aud = acc.own = 0;
  }
}
await disconnectDb();
await database.close();
process.exit(0);
