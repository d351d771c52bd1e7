// A routing round's read (the database function route_round_state, server/routing/dispatch.ts: the
// org's lock, the agents' load, the line) on an org
// with history, beside other tenants: with the partial indexes of migration
// 20261206020000_live_agent_seats, and, as the baseline of the same run, on the same rows with
// those two indexes dropped (the indexes the read had before). Every round reads this once, under
// the org's lock, so its time is added to every arrival's wait for an offer (docs/routing.md).
//
// The history is written by SQL (foreign keys not checked, `session_replication_role = replica`):
// the read counts rows, and which session a past seat belonged to does not matter to it.
// Knobs: BENCH_PAST_SEATS (200,000 left agent seats of the org, and as many visitor seats),
// BENCH_PAST_OFFERS (300,000 answered offers of the org), BENCH_OTHER_ORGS (99) x
// BENCH_OTHER_LIVE (1,000) live agent seats of other orgs; the org itself: BENCH_AGENTS (50) ready
// agents, BENCH_LIVE (1,000) live sessions and 50 ringing offers.
import { measure, throwawayDatabase } from "./lib";

const PAST_SEATS = Number(process.env.BENCH_PAST_SEATS ?? 200_000);
const PAST_OFFERS = Number(process.env.BENCH_PAST_OFFERS ?? 300_000);
const OTHER_ORGS = Number(process.env.BENCH_OTHER_ORGS ?? 99);
const OTHER_LIVE = Number(process.env.BENCH_OTHER_LIVE ?? 1_000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const LIVE = Number(process.env.BENCH_LIVE ?? 1_000);

const database = await throwawayDatabase();
process.env.DATABASE_URL = database.url;
const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { NOT_SEATS, SEATS_PER_SESSION } = await import("../server/routing/load");

const owner = await db.user.create({ data: { email: "owner@history.bench", name: "Owner" } });
const { org } = await createOrganization(db, { name: "History Co", ownerUserId: owner.id });
const users = await db.user.createManyAndReturn({
  data: Array.from({ length: AGENTS }, (_, i) => ({ email: `agent${i}@history.bench`, name: `Agent ${i}` })),
});
const members = await db.membership.createManyAndReturn({
  data: users.map((u) => ({ orgId: org.id, userId: u.id, role: "AGENT" as const })),
});
await db.agentPresence.createMany({ data: members.map((m) => ({ orgId: org.id, membershipId: m.id, status: "ready", capacity: 50 })) });
const ids = members.map((m) => m.id);
type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** `count` seats of the org (`prefix` names them), an agent's spread over its agents; left a day ago when `left`. */
const seats = (tx: Tx, prefix: string, role: "AGENT" | "VISITOR", count: number, left: boolean) =>
  tx.$executeRawUnsafe(
    `INSERT INTO "Participant"(id, "orgId", "sessionId", role, "displayName", "membershipId", "leftAt")
     SELECT $1 || g, $2, $1 || 's' || g, $3::text::"ParticipantRole", $3::text, CASE WHEN $3::text = 'AGENT' THEN ($4::text[])[1 + g % $5::int] END,
            CASE WHEN $6::boolean THEN now() - interval '1 day' END
     FROM generate_series(1, $7::int) g`,
    prefix,
    org.id,
    role,
    ids,
    AGENTS,
    left,
    count,
  );
/** `count` offers of the org to its agents, answered a day ago (`status` of each cycling) or ringing. */
const offers = (tx: Tx, prefix: string, statuses: string[], count: number) =>
  tx.$executeRawUnsafe(
    `INSERT INTO "QueueOffer"(id, "orgId", "queueEntryId", "membershipId", status, "expiresAt")
     SELECT $1 || g, $2, $1 || 'e' || g, ($3::text[])[1 + g % $4::int], ($5::text[])[1 + g % cardinality($5::text[])]::"OfferStatus",
            now() + CASE WHEN $5::text[] = ARRAY['PENDING'] THEN interval '1 minute' ELSE interval '-1 day' END
     FROM generate_series(1, $6::int) g`,
    prefix,
    org.id,
    ids,
    AGENTS,
    statuses,
    count,
  );

const t0 = performance.now();
await db.$transaction(
  async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    // The org's past: agent and visitor seats left, offers answered.
    await seats(tx, "pa", "AGENT", PAST_SEATS, true);
    await seats(tx, "pv", "VISITOR", PAST_SEATS, true);
    await offers(tx, "po", ["ACCEPTED", "DECLINED", "TIMED_OUT", "WITHDRAWN"], PAST_OFFERS);
    // Its present: live sessions (an agent and a visitor seat each) and ringing offers.
    await seats(tx, "la", "AGENT", LIVE, false);
    await seats(tx, "lv", "VISITOR", LIVE, false);
    await offers(tx, "lo", ["PENDING"], 50);
    // Other tenants' live agent seats.
    await tx.$executeRawUnsafe(
      `INSERT INTO "Participant"(id, "orgId", "sessionId", role, "displayName", "membershipId")
       SELECT 'oa' || g, 'other-org-' || (g % $1::int), 'os' || g, 'AGENT', 'Agent', 'other-member-' || (g % ($1::int * 50))
       FROM generate_series(1, $1::int * $2::int) g`,
      OTHER_ORGS,
      OTHER_LIVE,
    );
  },
  { timeout: 600_000 },
);
await db.$executeRawUnsafe(`VACUUM ANALYZE "Participant", "QueueOffer"`);
const seeded = (performance.now() - t0) / 1000;

type Agent = { membershipId: string; load: number; pending: number };
const read = async () => {
  const [row] = await db.$transaction((tx) =>
    tx.$queryRawUnsafe<{ s: { agents: Agent[] } }[]>(
      "SELECT route_round_state($1, $2::text[], 1000, $3::text[], $4) AS s",
      org.id,
      ["ready"],
      NOT_SEATS,
      SEATS_PER_SESSION,
    ),
  );
  return row!.s.agents;
};
// Compared by agent: agents made in one go share an idleSince, and the order among equals is the plan's.
const answer = (rows: Awaited<ReturnType<typeof read>>) =>
  JSON.stringify(rows.map((r) => [r.membershipId, r.load, r.pending]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));

const withIndexes = await measure(read, 100, 5);
const withAnswer = answer(await read());
await db.$executeRawUnsafe(`DROP INDEX "Participant_live_agent_seats_idx"`);
await db.$executeRawUnsafe(`DROP INDEX "QueueOffer_pending_idx"`);
await db.$executeRawUnsafe(`ANALYZE "Participant", "QueueOffer"`);
const without = await measure(read, 20, 3);
const withoutAnswer = answer(await read());

const loads = (JSON.parse(withAnswer) as [string, number, number][]).reduce((n, r) => n + r[1], 0);
console.log(
  `routing round's read (route_round_state) on an org with ${PAST_SEATS} past sessions, ${PAST_OFFERS} answered offers, ${LIVE} live sessions and 50 ringing offers for ${AGENTS} agents, beside ${OTHER_ORGS} orgs x ${OTHER_LIVE} live agent seats (seeded in ${seeded.toFixed(0)} s)`,
);
console.log(
  `  baseline: without the two partial indexes (same rows)   median ${(without / 1000).toFixed(2).padStart(7)} ms a read   1.00x`,
);
console.log(
  `  with them (migration 20261206020000)                    median ${(withIndexes / 1000).toFixed(2).padStart(7)} ms a read   ${(withIndexes / without).toFixed(2)}x (${(without / withIndexes).toFixed(1)}x as fast)`,
);
console.log(
  `  same answer both ways: ${withAnswer === withoutAnswer ? "yes" : "NO"} (${loads} live sessions counted of ${LIVE}; a check, not a timing)`,
);

await disconnectDb();
await database.close();
