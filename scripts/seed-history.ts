// A year of history for one org, for the reports and their bench: `npm run db:seed -- --history
// [--sessions N] [--database-url URL]`. "History Co" (slug `history`, America/New_York), 40 agents
// in shifts, 5 launchers (campaigns), 3 scenarios, 12 months ending today. Everything is generated
// inside PostgreSQL (INSERT ... SELECT from generate_series, one month per statement batch, with
// every index in place) so 1,000,000 sessions and ~10,000,000 events take minutes, not hours.
//
// The rows have exactly the shapes the app's write paths produce (server/routing/offers.ts,
// server/sessions/start-session.ts, end.ts, leave.ts, wrap-up.ts, server/archive/append.ts,
// server/agents/status-history.ts, server/auditorium/create.ts): a one-on-one session seats an AGENT
// and a VISITOR at `startedAt` and archives session.started, two participant.joined, baton.passed,
// chat and navigate lines, the visitor's participant.left and session.ended; a collaboration room
// adds later visitors joining and leaving; an auditorium event (no queue entry) seats a PRODUCER
// and ATTENDEEs. Shapes chosen for reports: arrivals by hour of week (busy weekday mornings) growing
// over the year, ~8 % of entries ABANDONED, ~3 % EXPIRED, ~2 % SCHEDULED (no session), log-normal
// waits that lengthen in busy hours, product terms whose popularity drifts week by week (a "hot"
// product every 6 weeks, and "smart thermostat" rising all year), agents ready in shifts.
import pg from "pg";
import { hashPassword } from "../server/accounts/password";

export const HISTORY_ORG_SLUG = "history";
export const HISTORY_TIME_ZONE = "America/New_York";
export const HISTORY_PASSWORD = "demo-password";

export type SeedHistoryOptions = {
  /** Sessions to write (auditorium events included); queue entries are ~15 % more. */
  sessions: number;
  log?: (line: string) => void;
  /** The end of the history (default: now). */
  now?: Date;
};

export type SeedHistoryResult = {
  orgId: string;
  created: boolean;
  sessions: number;
  events: number;
  queueEntries: number;
  seconds: number;
};

const PRODUCTS = [
  "espresso machine",
  "coffee grinder",
  "standing desk",
  "office chair",
  "noise cancelling headphones",
  "robot vacuum",
  "air purifier",
  "electric kettle",
  "water filter",
  "solar charger",
  "e-bike battery",
  "heat pump",
];
const RISING = "smart thermostat";

const QUESTIONS = [
  "Do you ship the {p} to Canada?",
  "Is the {p} in stock?",
  "How long is the warranty on the {p}?",
  "Can I return a {p} I bought last week?",
  "What is the difference between the two {p} models?",
  "My {p} stopped working, can you help?",
  "Is there a discount on the {p} this week?",
  "How do I set up the {p}?",
  "When will my {p} order arrive?",
  "Does the {p} come with a charger?",
];
const VISITOR_LINES = [
  "Thanks, and what about the price of the {p}?",
  "I ordered a {p} and the tracking link does not work.",
  "Does the {p} fit in a small apartment?",
  "Can I pay for the {p} in installments?",
  "Is the {p} compatible with my old model?",
  "Great, that helps a lot.",
  "How loud is the {p}?",
  "Can you send me the manual for the {p}?",
];
const AGENT_LINES = [
  "Happy to help with the {p}. Let me check that for you.",
  "The {p} ships within two business days.",
  "Yes, the {p} has a two year warranty.",
  "I am opening the {p} page for you now.",
  "Our {p} is on sale until Sunday.",
  "You can return the {p} within 30 days, no questions asked.",
  "Let me look up your order of the {p}.",
  "Anything else I can help you with today?",
];
const FIRST_NAMES = [
  "Ava",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Isla",
  "Jon",
  "Kira",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Priya",
  "Quinn",
  "Rosa",
  "Sam",
  "Tariq",
];
const LAST_NAMES = [
  "Adams",
  "Brown",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hill",
  "Ito",
  "Jones",
  "Khan",
  "Lopez",
  "Meyer",
  "Novak",
  "Okafor",
  "Patel",
];

/** A SQL array literal of text values (constants from this file, never input). */
function textArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]::text[]`;
}

const SITE = "https://shop.historyco.example";

export async function seedHistory(databaseUrl: string, opts: SeedHistoryOptions): Promise<SeedHistoryResult> {
  const log = opts.log ?? (() => {});
  const began = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const existing = await client.query<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = $1`, [HISTORY_ORG_SLUG]);
    if (existing.rows[0]) {
      const counts = await client.query<{ s: string; e: string; q: string }>(
        `SELECT (SELECT count(*) FROM "Session" WHERE "orgId" = $1) s, (SELECT count(*) FROM "SessionEvent" WHERE "orgId" = $1) e, (SELECT count(*) FROM "QueueEntry" WHERE "orgId" = $1) q`,
        [existing.rows[0].id],
      );
      const c = counts.rows[0]!;
      log(`History Co already present (${c.s} sessions): nothing written`);
      return {
        orgId: existing.rows[0].id,
        created: false,
        sessions: Number(c.s),
        events: Number(c.e),
        queueEntries: Number(c.q),
        seconds: 0,
      };
    }
    const now = opts.now ?? new Date();
    const total = Math.max(10, Math.floor(opts.sessions));
    const auditoriums = Math.max(1, Math.round(total * 0.002));
    const assigned = total - auditoriums;
    // 87 % of entries are answered; the other 13 % are split 8 / 3 / 2 below.
    const others = Math.round((assigned * 13) / 87);
    await setup(client, now, log);
    const orgId = "chorg000history";
    const visitors = Math.ceil((assigned + others) / 2.5);
    await client.query("BEGIN");
    await seedVisitors(client, visitors);
    await client.query("COMMIT");
    log(`${visitors} visitors`);
    await client.query(`SELECT setseed(0.15)`);
    await buildSlots(client, assigned, others);
    const months = await client.query<{ m: Date }>(`SELECT DISTINCT date_trunc('month', at) m FROM h_slot ORDER BY 1`);
    for (const { m } of months.rows) {
      const t0 = Date.now();
      await client.query("BEGIN");
      await writeMonth(client, m, assigned, visitors);
      await client.query("COMMIT");
      log(`${m.toISOString().slice(0, 7)}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await client.query("BEGIN");
    await writeAuditoriums(client, auditoriums, assigned, visitors);
    await client.query("COMMIT");
    log(`${auditoriums} auditorium events`);
    await client.query(
      `ANALYZE "QueueEntry"; ANALYZE "Session"; ANALYZE "Participant"; ANALYZE "SessionEvent"; ANALYZE "AgentStatusChange"; ANALYZE "Visitor"`,
    );
    const counts = await client.query<{ s: string; e: string; q: string }>(
      `SELECT (SELECT count(*) FROM "Session" WHERE "orgId" = $1) s, (SELECT count(*) FROM "SessionEvent" WHERE "orgId" = $1) e, (SELECT count(*) FROM "QueueEntry" WHERE "orgId" = $1) q`,
      [orgId],
    );
    const c = counts.rows[0]!;
    const seconds = (Date.now() - began) / 1000;
    log(`History Co: ${c.s} sessions, ${c.e} events, ${c.q} queue entries in ${seconds.toFixed(0)} s`);
    return { orgId, created: true, sessions: Number(c.s), events: Number(c.e), queueEntries: Number(c.q), seconds };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

/** The org, its people, scenarios, launchers and page rules, visitors, agents' status history. */
async function setup(client: pg.Client, now: Date, log: (line: string) => void) {
  const passwordHash = await hashPassword(HISTORY_PASSWORD);
  await client.query("BEGIN");
  // The history's bounds: 12 months of local days ending today (New York), up to two hours ago so
  // every session has ended.
  await client.query(
    `CREATE TEMP TABLE h_bounds ON COMMIT PRESERVE ROWS AS
     SELECT ((date_trunc('day', $1::timestamptz AT TIME ZONE '${HISTORY_TIME_ZONE}') - interval '1 year') AT TIME ZONE '${HISTORY_TIME_ZONE}') AS start,
            date_trunc('hour', $1::timestamptz) - interval '2 hours' AS finish`,
    [now],
  );
  await client.query(
    `INSERT INTO "Organization" (id, name, slug, "allowedDomains", "timeZone", "serviceLevelSeconds", "serviceLevelPercent", "createdAt", "updatedAt")
     SELECT 'chorg000history', 'History Co', '${HISTORY_ORG_SLUG}', ARRAY['shop.historyco.example','historyco.example'], '${HISTORY_TIME_ZONE}', 20, 80, start - interval '30 days', now() FROM h_bounds`,
  );
  // People: an owner, a manager and 40 agents (agent01..agent40@history.test), password demo-password.
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerifiedAt", "createdAt", "updatedAt")
     SELECT 'chusr' || to_char(i, 'FM000'),
            CASE i WHEN 0 THEN 'owner@history.test' WHEN 41 THEN 'manager@history.test' ELSE 'agent' || to_char(i, 'FM00') || '@history.test' END,
            CASE i WHEN 0 THEN 'Olive Owner' WHEN 41 THEN 'Max Manager' ELSE (${textArray(FIRST_NAMES)})[1 + (i * 7) % 20] || ' ' || (${textArray(LAST_NAMES)})[1 + (i * 3) % 16] END,
            $1, now(), now(), now()
     FROM generate_series(0, 41) i`,
    [passwordHash],
  );
  await client.query(
    `INSERT INTO "Membership" (id, "orgId", "userId", role, "displayName", "createdAt", "updatedAt")
     SELECT 'chmem' || to_char(i, 'FM000'), 'chorg000history', 'chusr' || to_char(i, 'FM000'),
            (CASE i WHEN 0 THEN 'OWNER' WHEN 41 THEN 'MANAGER' ELSE 'AGENT' END)::"MemberRole",
            CASE WHEN i BETWEEN 1 AND 40 THEN (${textArray(FIRST_NAMES)})[1 + (i * 7) % 20] || ' ' || left((${textArray(LAST_NAMES)})[1 + (i * 3) % 16], 1) || '.' END,
            (SELECT start FROM h_bounds) - interval '20 days', now()
     FROM generate_series(0, 41) i`,
  );
  await client.query(
    `INSERT INTO "AgentPresence" (id, "orgId", "membershipId", status, capacity, since, "idleSince", "updatedAt")
     SELECT 'chpre' || to_char(i, 'FM000'), 'chorg000history', 'chmem' || to_char(i, 'FM000'), 'offline', 3, now(), now(), now()
     FROM generate_series(1, 40) i`,
  );
  await client.query(
    `INSERT INTO "Scenario" (id, "orgId", name, kind, "maxSeats", "showWho", "showRooms", "batonPolicy", "monitoringNotice", "createdAt", "updatedAt") VALUES
     ('chscn1', 'chorg000history', 'Support', 'ONE_ON_ONE', 2, true, false, 'LEADER_PASSES', true, now() - interval '2 years', now()),
     ('chscn2', 'chorg000history', 'Workshop', 'COLLABORATION', 12, true, true, 'ANYONE_TAKES', true, now() - interval '2 years', now()),
     ('chscn3', 'chorg000history', 'Webinar', 'AUDITORIUM', 500, false, false, 'LEADER_PASSES', false, now() - interval '2 years', now())`,
  );
  // Launchers are the org's campaigns.
  await client.query(
    `INSERT INTO "Launcher" (id, "orgId", key, name, "scenarioId", "allowDirectVisits", "createdAt", "updatedAt") VALUES
     ('chlch1', 'chorg000history', 'history-help', 'Website help', 'chscn1', false, now() - interval '2 years', now()),
     ('chlch2', 'chorg000history', 'history-sale', 'Spring sale', 'chscn1', false, now() - interval '2 years', now()),
     ('chlch3', 'chorg000history', 'history-pricing', 'Pricing page', 'chscn1', false, now() - interval '2 years', now()),
     ('chlch4', 'chorg000history', 'history-news', 'Newsletter', 'chscn1', true, now() - interval '2 years', now()),
     ('chlch5', 'chorg000history', 'history-workshop', 'Workshops', 'chscn2', false, now() - interval '2 years', now())`,
  );
  await client.query(
    `INSERT INTO "LauncherPageRule" (id, "orgId", "launcherId", position, "urlPattern", "scenarioId") VALUES
     ('chrul1', 'chorg000history', 'chlch1', 0, '/products/*', 'chscn1'),
     ('chrul2', 'chorg000history', 'chlch1', 1, '/support*', NULL),
     ('chrul3', 'chorg000history', 'chlch2', 0, '/sale*', 'chscn1'),
     ('chrul4', 'chorg000history', 'chlch3', 0, '/pricing*', NULL),
     ('chrul5', 'chorg000history', 'chlch5', 0, '/workshops/*', 'chscn2')`,
  );
  // Agent shifts in New York time: five groups of eight (06-14, 08-16, 10-18, 13-21, 21-06 the
  // next morning); on weekends only agents 1-20 work. A shift is available, a 30-minute break in
  // its middle, available again, offline at its end.
  await client.query(
    `CREATE TEMP TABLE h_shift ON COMMIT PRESERVE ROWS AS
     SELECT i AS agent, 'chmem' || to_char(i, 'FM000') AS mid, g,
            (ARRAY[6, 8, 10, 13, 21])[g + 1] AS start_h, (ARRAY[8, 8, 8, 8, 9])[g + 1] AS hours
     FROM generate_series(1, 40) i, LATERAL (SELECT (i - 1) % 5 AS g) x`,
  );
  await client.query(
    `INSERT INTO "AgentStatusChange" ("orgId", "membershipId", status, routable, capacity, at)
     SELECT 'chorg000history', s.mid, ev.status, ev.status = 'available', 3,
            ((d + make_interval(hours => s.start_h) + ev.off) AT TIME ZONE '${HISTORY_TIME_ZONE}')
     FROM h_bounds b
     CROSS JOIN generate_series(date_trunc('day', b.start AT TIME ZONE '${HISTORY_TIME_ZONE}'), date_trunc('day', b.finish AT TIME ZONE '${HISTORY_TIME_ZONE}'), interval '1 day') d
     CROSS JOIN h_shift s
     CROSS JOIN LATERAL (VALUES
       ('available', interval '0 minutes'),
       ('on_break', make_interval(mins => s.hours * 30 - 15 + (s.agent % 4) * 10)),
       ('available', make_interval(mins => s.hours * 30 + 15 + (s.agent % 4) * 10)),
       ('offline', make_interval(hours => s.hours))) ev(status, off)
     WHERE (extract(isodow FROM d) < 6 OR s.agent <= 20)
       AND ((d + make_interval(hours => s.start_h) + ev.off) AT TIME ZONE '${HISTORY_TIME_ZONE}') < b.finish
     ORDER BY 6`,
  );
  // Who is on shift in each local hour of the week (0 = Monday 00:00), to pick the answering agent.
  await client.query(
    `CREATE TEMP TABLE h_how ON COMMIT PRESERVE ROWS AS
     SELECT how, array_agg(mid ORDER BY agent) AS mids
     FROM generate_series(0, 167) how
     -- A night shift's small hours belong to the shift that began the evening before.
     JOIN h_shift s ON (how % 24 >= s.start_h AND how % 24 < s.start_h + s.hours AND (how / 24 < 5 OR s.agent <= 20))
       OR (s.start_h + s.hours > 24 AND how % 24 < s.start_h + s.hours - 24 AND ((how / 24 + 6) % 7 < 5 OR s.agent <= 20))
     GROUP BY how`,
  );
  await client.query(`COMMIT`);
  log("History Co: org, 42 people, 3 scenarios, 5 launchers, agent shifts");
}

/** Hourly slots over the year with their share of the answered and unanswered entries. */
async function buildSlots(client: pg.Client, assigned: number, others: number) {
  await client.query(
    `CREATE TEMP TABLE h_slot AS
     WITH s AS (
       SELECT at, l.dow, l.hr,
              (CASE WHEN l.hr BETWEEN 8 AND 11 THEN 1.0 WHEN l.hr BETWEEN 12 AND 16 THEN 0.75 WHEN l.hr BETWEEN 17 AND 20 THEN 0.45
                    WHEN l.hr BETWEEN 6 AND 7 THEN 0.3 WHEN l.hr BETWEEN 21 AND 22 THEN 0.2 ELSE 0.05 END)
              * (CASE WHEN l.dow >= 6 THEN 0.35 WHEN l.dow = 1 THEN 1.15 ELSE 1.0 END)
              * (0.8 + 0.4 * extract(epoch FROM at - b.start) / extract(epoch FROM b.finish - b.start))
              * (0.85 + 0.3 * random()) AS w
       FROM h_bounds b
       CROSS JOIN generate_series(b.start, b.finish - interval '1 hour', interval '1 hour') at
       CROSS JOIN LATERAL (SELECT extract(isodow FROM at AT TIME ZONE '${HISTORY_TIME_ZONE}')::int AS dow,
                                  extract(hour FROM at AT TIME ZONE '${HISTORY_TIME_ZONE}')::int AS hr) l
     ), c AS (
       SELECT *, sum(w) OVER (ORDER BY at) / sum(w) OVER () AS cw, w / max(w) OVER () AS load FROM s
     ), k AS (
       SELECT *, floor(cw * ${assigned})::bigint AS a_end, floor(cw * ${others})::bigint AS o_end FROM c
     )
     SELECT at, dow, hr, load, ((dow - 1) * 24 + hr) AS how,
            coalesce(lag(a_end) OVER (ORDER BY at), 0) AS a0, a_end - coalesce(lag(a_end) OVER (ORDER BY at), 0) AS na,
            coalesce(lag(o_end) OVER (ORDER BY at), 0) AS o0, o_end - coalesce(lag(o_end) OVER (ORDER BY at), 0) AS no
     FROM k`,
  );
}

/** Entries, sessions, seats and events of the slots in month `m` (UTC month of the slot). */
async function writeMonth(client: pg.Client, m: Date, assigned: number, visitors: number) {
  const products = textArray(PRODUCTS);
  await client.query(`DROP TABLE IF EXISTS h_e`);
  // One row per queue entry with every random choice made once, so the entry, its session, seats
  // and events agree.
  await client.query(
    `CREATE TEMP TABLE h_e AS
     WITH raw AS (
       SELECT s.a0 + i AS k, true AS answered, s.at, s.how, s.load, s.hr FROM h_slot s, generate_series(1, s.na) i WHERE date_trunc('month', s.at) = $1
       UNION ALL
       SELECT ${assigned} + s.o0 + i, false, s.at, s.how, s.load, s.hr FROM h_slot s, generate_series(1, s.no) i WHERE date_trunc('month', s.at) = $1
     ), r AS (
       SELECT raw.*, raw.at + random() * interval '1 hour' AS enq, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
              sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
              sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2
       FROM raw
     )
     SELECT r.k, to_char(r.k, 'FM000000000') AS kk, r.answered, r.enq,
            floor(extract(epoch FROM r.enq - b.start) / 604800)::int AS week,
            CASE WHEN r.answered THEN 'ASSIGNED' WHEN r.r1 < 8.0 / 13 THEN 'ABANDONED' WHEN r.r1 < 11.0 / 13 THEN 'EXPIRED' ELSE 'SCHEDULED' END AS status,
            -- Waits: log-normal, median ~8 s on a quiet hour and ~30 s at the busiest.
            CASE WHEN r.answered THEN least(900, greatest(1, exp(ln(8) + ln(1 + 3 * r.load) + 0.8 * r.z1)))
                 WHEN r.r1 < 8.0 / 13 THEN least(1800, greatest(3, exp(ln(60) + 0.9 * r.z1)))
                 WHEN r.r1 < 11.0 / 13 THEN 120 + r.r2 * 180
                 ELSE 20 + r.r2 * 90 END AS wait_s,
            -- Launcher (campaign): help 45 %, sale 20 %, pricing 20 %, newsletter 13.5 %, workshops 1.5 %.
            CASE WHEN r.r3 < 0.45 THEN 1 WHEN r.r3 < 0.65 THEN 2 WHEN r.r3 < 0.85 THEN 3 WHEN r.r3 < 0.985 THEN 4 ELSE 5 END AS launcher,
            r.r4, r.z2, r.hr, r.how,
            1 + floor(random() * ${visitors})::int AS visitor,
            random() AS r5, random() AS r6, random() AS r7
     FROM r CROSS JOIN h_bounds b`,
    [m],
  );
  await client.query(
    `ALTER TABLE h_e ADD COLUMN product text, ADD COLUMN agent text, ADD COLUMN handle_s float, ADD COLUMN nc int, ADD COLUMN nn int, ADD COLUMN na int, ADD COLUMN vname text, ADD COLUMN aname text, ADD COLUMN question text, ADD COLUMN referrer text`,
  );
  // The session's topic: 25 % the product "hot" this 6-week period, a growing share the rising
  // product, otherwise any product.
  await client.query(
    `UPDATE h_e SET
       product = CASE WHEN r5 < 0.25 THEN (${products})[1 + (week / 6 + 3) % ${PRODUCTS.length}]
                      WHEN r5 < 0.25 + 0.25 * week / 52.0 THEN '${RISING}'
                      ELSE (${products})[1 + floor(r6 * ${PRODUCTS.length})::int] END,
       -- Someone on shift when the entry is answered (an arrival at 20:59 may be answered after 21:00).
       agent = CASE WHEN answered THEN (SELECT mids[1 + floor(r7 * array_length(mids, 1))::int] FROM h_how
                 WHERE h_how.how = (SELECT (extract(isodow FROM l) - 1) * 24 + extract(hour FROM l)
                                    FROM (SELECT (enq + wait_s * interval '1 second') AT TIME ZONE '${HISTORY_TIME_ZONE}' AS l) x)::int) END,
       -- Handle time: log-normal, median 6 minutes (a workshop: 30-90 minutes).
       handle_s = CASE WHEN launcher = 5 THEN 1800 + r4 * 3600 ELSE least(3000, greatest(45, exp(ln(360) + 0.6 * z2))) END,
       nc = 1 + floor(r4 * 5)::int,
       nn = floor(r6 * 3)::int,
       na = CASE WHEN launcher = 5 THEN 2 + floor(r7 * 5)::int ELSE 0 END`,
  );
  await client.query(
    `UPDATE h_e SET
       question = replace((${textArray(QUESTIONS)})[1 + floor(r6 * ${QUESTIONS.length})::int], '{p}', product),
       referrer = CASE launcher
         WHEN 1 THEN '${SITE}/products/' || replace(product, ' ', '-')
         WHEN 2 THEN '${SITE}/sale/' || replace(product, ' ', '-') || '?utm_campaign=spring'
         WHEN 3 THEN '${SITE}/pricing'
         WHEN 4 THEN CASE WHEN r7 < 0.5 THEN NULL ELSE '${SITE}/news/' || (week % 12 + 1) END
         ELSE '${SITE}/workshops/' || replace(product, ' ', '-') END`,
  );
  await client.query(`CREATE INDEX ON h_e (k)`);
  await client.query(
    `UPDATE h_e SET vname = v.name, aname = coalesce(mb."displayName", 'Agent')
     FROM "Visitor" v, "Membership" mb
     WHERE v.id = 'chvis' || to_char(h_e.visitor, 'FM000000000') AND mb.id = coalesce(h_e.agent, 'chmem001')`,
  );
  await client.query(
    `INSERT INTO "QueueEntry" (id, "orgId", "launcherId", "scenarioId", "visitorId", status, question, "referrerUrl", "clientAddress", priority,
                               "enqueuedAt", "assignedAt", "assignedMembershipId", "endedAt", "endReason")
     SELECT 'chque' || kk, 'chorg000history', 'chlch' || launcher, CASE WHEN launcher = 5 THEN 'chscn2' ELSE 'chscn1' END,
            'chvis' || to_char(visitor, 'FM000000000'), status::"QueueEntryStatus",
            question, referrer,
            '203.0.113.' || (k % 250 + 1), 0,
            enq, CASE WHEN answered THEN enq + wait_s * interval '1 second' END, agent,
            CASE WHEN NOT answered THEN enq + wait_s * interval '1 second' END,
            CASE status WHEN 'ABANDONED' THEN 'visitor left' WHEN 'EXPIRED' THEN 'nobody answered in time' WHEN 'SCHEDULED' THEN 'visitor scheduled a later session' END
     FROM h_e`,
  );
  // Sessions: started at the accept, ended at wrap-up; the agent leads from the start. The session
  // and its leader's seat refer to each other, so both go in one statement (as start-session.ts).
  await client.query(
    `WITH s AS (INSERT INTO "Session" (id, "orgId", "scenarioId", "launcherId", "queueEntryId", kind, status, title, "leaderParticipantId", "currentUrl", "lastSeq", "seatVersion",
                           "startedAt", "endedAt", "endReason", disposition, tags, "wrappedUpAt", "wrappedUpBy")
     SELECT 'chses' || kk, 'chorg000history', CASE WHEN launcher = 5 THEN 'chscn2' ELSE 'chscn1' END, 'chlch' || launcher, 'chque' || kk,
            (CASE WHEN launcher = 5 THEN 'COLLABORATION' ELSE 'ONE_ON_ONE' END)::"ScenarioKind", 'ENDED',
            'History Co · ' || to_char((enq + wait_s * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
            'chpa' || kk, '${SITE}/products/' || replace(product, ' ', '-'),
            6 + nc + nn + 2 * na, 1 + na,
            enq + wait_s * interval '1 second', enq + (wait_s + handle_s) * interval '1 second', 'wrapped up',
            (CASE WHEN r5 < 0.7 THEN 'RESOLVED' WHEN r5 < 0.85 THEN 'FOLLOW_UP' WHEN r5 < 0.95 THEN 'NO_ANSWER' ELSE 'SPAM' END)::"SessionDisposition",
            CASE WHEN r6 < 0.3 THEN ARRAY[split_part(product, ' ', 1)] ELSE ARRAY[]::text[] END,
            enq + (wait_s + handle_s) * interval '1 second', agent
     FROM h_e WHERE answered),
     -- Seats: the agent and the first visitor for the whole session; a workshop's later visitors
     -- join 20 s apart and leave, last in first out, before the end.
     p AS (INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "visitorId", "displayName", "clientAddress", "joinedAt", "leftAt")
     SELECT 'chpa' || kk, 'chorg000history', 'chses' || kk, 'AGENT'::"ParticipantRole", true, agent, NULL, aname, NULL,
            enq + wait_s * interval '1 second', enq + (wait_s + handle_s) * interval '1 second'
     FROM h_e WHERE answered
     UNION ALL
     SELECT 'chpv' || kk, 'chorg000history', 'chses' || kk, 'VISITOR'::"ParticipantRole", launcher = 5, NULL, 'chvis' || to_char(visitor, 'FM000000000'), coalesce(vname, 'Visitor'), '203.0.113.' || (k % 250 + 1),
            enq + wait_s * interval '1 second', enq + (wait_s + handle_s - 5) * interval '1 second'
     FROM h_e WHERE answered
     UNION ALL
     SELECT 'chpc' || kk || '_' || a, 'chorg000history', 'chses' || kk, 'VISITOR'::"ParticipantRole", true, NULL,
            'chvis' || to_char(1 + (visitor + a * 7919) % ${visitors}, 'FM000000000'), 'Visitor ' || (a + 1), NULL,
            enq + (wait_s + 20 * a) * interval '1 second', enq + (wait_s + handle_s - 5 - 20 * a) * interval '1 second'
     FROM h_e, generate_series(1, na) a WHERE answered AND na > 0)
     SELECT 1`,
  );
  // Room events, numbered 1..lastSeq in time order: started, agent and visitor joined, baton;
  // later visitors joined; chat and navigate lines spread over the session; later visitors left;
  // the visitor left; ended.
  await client.query(
    `INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", payload, "createdAt")
     SELECT 'chorg000history', 'chses' || kk, 'room', e.i, ev.type, ev.actor, ev.payload, ev.at
     FROM (SELECT *, enq + wait_s * interval '1 second' AS t0, enq + (wait_s + handle_s) * interval '1 second' AS t1, 4 + na AS mid0, nc + nn AS m FROM h_e WHERE answered) h
     CROSS JOIN LATERAL generate_series(1, 6 + nc + nn + 2 * na) e(i)
     CROSS JOIN LATERAL (SELECT e.i - h.mid0 AS j, h.mid0 + h.m AS mid1) p
     CROSS JOIN LATERAL (SELECT
       CASE WHEN e.i = 1 THEN 'session.started' WHEN e.i <= 3 THEN 'participant.joined' WHEN e.i = 4 THEN 'baton.passed'
            WHEN e.i <= h.mid0 THEN 'participant.joined'
            WHEN e.i <= p.mid1 AND p.j % 2 = 0 AND p.j / 2 <= h.nn THEN 'navigate'
            WHEN e.i <= p.mid1 THEN 'chat'
            WHEN e.i <= p.mid1 + h.na + 1 THEN 'participant.left'
            ELSE 'session.ended' END AS type,
       CASE WHEN e.i = 1 THEN NULL WHEN e.i = 3 THEN 'chpv' || h.kk
            WHEN e.i > 4 AND e.i <= h.mid0 THEN 'chpc' || h.kk || '_' || (e.i - 4)
            WHEN e.i <= p.mid1 AND e.i > h.mid0 AND p.j % 2 = 1 THEN 'chpv' || h.kk
            WHEN e.i > p.mid1 AND e.i <= p.mid1 + h.na THEN 'chpc' || h.kk || '_' || (h.na - (e.i - p.mid1) + 1)
            WHEN e.i = p.mid1 + h.na + 1 THEN 'chpv' || h.kk
            ELSE 'chpa' || h.kk END AS actor,
       CASE WHEN e.i = 1 THEN h.t0 WHEN e.i <= 4 THEN h.t0
            WHEN e.i <= h.mid0 THEN h.t0 + (e.i - 4) * interval '20 seconds'
            WHEN e.i <= p.mid1 THEN h.t0 + (h.na * 20 + (h.handle_s - h.na * 40 - 10) * p.j / (h.m + 1)) * interval '1 second'
            WHEN e.i <= p.mid1 + h.na THEN h.t1 - (5 + 20 * (h.na - (e.i - p.mid1) + 1)) * interval '1 second'
            WHEN e.i = p.mid1 + h.na + 1 THEN h.t1 - interval '5 seconds'
            ELSE h.t1 END AS at
     ) ev0
     CROSS JOIN LATERAL (SELECT ev0.type, ev0.actor, ev0.at,
       CASE ev0.type
         WHEN 'session.started' THEN jsonb_build_object('title', 'History Co · ' || to_char(h.t0 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC', 'question', h.question, 'referrerUrl', h.referrer)
         WHEN 'participant.joined' THEN jsonb_build_object('role', CASE WHEN e.i = 2 THEN 'AGENT' ELSE 'VISITOR' END,
                                                           'name', CASE WHEN e.i = 2 THEN h.aname WHEN e.i = 3 THEN coalesce(h.vname, 'Visitor') ELSE 'Visitor ' || (e.i - 3) END)
         WHEN 'baton.passed' THEN jsonb_build_object('to', 'chpa' || h.kk)
         WHEN 'navigate' THEN jsonb_build_object('url', '${SITE}/' || (ARRAY['products/', 'support/', 'compare/', 'accessories/'])[1 + (p.j / 2) % 4] || replace(h.product, ' ', '-'),
                                                 'newWindow', false, 'notToSelf', false, 'framable', true)
         WHEN 'chat' THEN jsonb_build_object('text', replace(CASE WHEN p.j % 2 = 1 THEN (${textArray(VISITOR_LINES)})[1 + (h.k + p.j) % ${VISITOR_LINES.length}]
                                                                  ELSE (${textArray(AGENT_LINES)})[1 + (h.k * 3 + p.j) % ${AGENT_LINES.length}] END, '{p}',
                                                             CASE WHEN (h.k + p.j) % 4 = 0 THEN (${products})[1 + (h.k / 7 + p.j) % ${PRODUCTS.length}] ELSE h.product END))
         WHEN 'participant.left' THEN jsonb_build_object('role', 'VISITOR', 'name', CASE WHEN e.i = p.mid1 + h.na + 1 THEN coalesce(h.vname, 'Visitor') ELSE 'Visitor ' || (h.na - (e.i - p.mid1) + 2) END)
         ELSE jsonb_build_object('reason', 'The agent wrapped up the session.') END AS payload) ev`,
  );
}

/** Auditorium events: no queue entry; a producer (an agent) and 10-60 attendees joining and leaving. */
async function writeAuditoriums(client: pg.Client, count: number, offset: number, visitors: number) {
  await client.query(`DROP TABLE IF EXISTS h_a`);
  await client.query(
    `CREATE TEMP TABLE h_a AS
     SELECT to_char(${offset} + i, 'FM000000000') AS kk, t0, t0 + (45 + floor(random() * 46)) * interval '1 minute' AS t1,
            10 + floor(random() * 51)::int AS n, 'chmem' || to_char(1 + floor(random() * 40)::int, 'FM000') AS producer,
            (${textArray(PRODUCTS)})[1 + floor(random() * ${PRODUCTS.length})::int] AS product
     FROM generate_series(1, ${count}) i
     CROSS JOIN h_bounds b
     CROSS JOIN LATERAL (SELECT date_trunc('hour', b.start + (b.finish - b.start - interval '2 hours') * ((i - 0.5) / ${count})) + interval '14 hours' AS t0) t`,
  );
  await client.query(`UPDATE h_a SET t0 = t0 - interval '1 day', t1 = t1 - interval '1 day' WHERE t1 > (SELECT finish FROM h_bounds)`);

  // Attendee a joins a*15 s after the start (some late) and leaves at a varying time before the end.
  await client.query(
    `WITH s AS (INSERT INTO "Session" (id, "orgId", "scenarioId", "launcherId", "queueEntryId", kind, status, title, "leaderParticipantId", "lastSeq", "seatVersion", "startedAt", "endedAt", "endReason")
     SELECT 'chses' || kk, 'chorg000history', 'chscn3', NULL, NULL, 'AUDITORIUM', 'ENDED', 'Webinar: the ' || product, 'chpa' || kk, 3 + 2 * n, n + 1, t0, t1, 'producer ended'
     FROM h_a)
     INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "visitorId", "displayName", "joinedAt", "leftAt")
     SELECT 'chpa' || kk, 'chorg000history', 'chses' || kk, 'PRODUCER'::"ParticipantRole", true, producer, NULL, 'Producer', t0, t1 FROM h_a
     UNION ALL
     SELECT 'chpt' || kk || '_' || a, 'chorg000history', 'chses' || kk, 'ATTENDEE'::"ParticipantRole", false, NULL,
            'chvis' || to_char(1 + (hashtext(kk || a) & 2147483647) % ${visitors}, 'FM000000000'),
            'Attendee ' || a, t0 + a * interval '15 seconds' + CASE WHEN a % 5 = 0 THEN (t1 - t0) / 3 ELSE interval '0' END,
            t1 - CASE WHEN a % 3 = 0 THEN (t1 - t0) / 4 ELSE interval '0' END - a * interval '2 seconds'
     FROM h_a, generate_series(1, n) a`,
  );
  await client.query(
    `INSERT INTO "Auditorium" (id, "orgId", "scenarioId", "joinKey", title, "scheduledFor", "maxAttendees", "sessionId", present, peak, "createdByMembershipId", "createdAt", "endedAt")
     SELECT 'chaud' || kk, 'chorg000history', 'chscn3', 'history-' || md5(kk), 'Webinar: the ' || product, t0, 500, 'chses' || kk, 0, n, producer, t0 - interval '7 days', t1
     FROM h_a`,
  );
  await client.query(
    `INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", payload, "createdAt")
     SELECT 'chorg000history', 'chses' || kk, 'room', row_number() OVER (PARTITION BY kk ORDER BY at, ord), type, actor, payload, at
     FROM (
       SELECT kk, 1 AS ord, 'session.started' AS type, 'chpa' || kk AS actor, jsonb_build_object('title', 'Webinar: the ' || product, 'auditorium', true) AS payload, t0 AS at FROM h_a
       UNION ALL SELECT kk, 2, 'participant.joined', 'chpa' || kk, jsonb_build_object('role', 'PRODUCER', 'name', 'Producer'), t0 FROM h_a
       UNION ALL SELECT a.kk, 3, 'participant.joined', p.id, jsonb_build_object('role', 'ATTENDEE', 'name', p."displayName"), p."joinedAt"
         FROM h_a a JOIN "Participant" p ON p."orgId" = 'chorg000history' AND p."sessionId" = 'chses' || a.kk AND p.role = 'ATTENDEE'
       UNION ALL SELECT a.kk, 4, 'participant.left', p.id, jsonb_build_object('role', 'ATTENDEE', 'name', p."displayName"), p."leftAt"
         FROM h_a a JOIN "Participant" p ON p."orgId" = 'chorg000history' AND p."sessionId" = 'chses' || a.kk AND p.role = 'ATTENDEE'
       UNION ALL SELECT kk, 5, 'session.ended', 'chpa' || kk, jsonb_build_object('reason', 'The producer ended the event.'), t1 FROM h_a
     ) x`,
  );
}

/** Visitors (one per ~2.5 entries: people come back), created before the months are written. */
async function seedVisitors(client: pg.Client, count: number) {
  await client.query(
    `INSERT INTO "Visitor" (id, "orgId", "cookieId", name, email, "firstSeenAt", "lastSeenAt")
     SELECT 'chvis' || to_char(i, 'FM000000000'), 'chorg000history', 'hist-' || md5(i::text),
            CASE WHEN i % 3 <> 0 THEN (${textArray(FIRST_NAMES)})[1 + i % 20] || ' ' || (${textArray(LAST_NAMES)})[1 + (i / 20) % 16] END,
            CASE WHEN i % 2 = 0 THEN lower((${textArray(FIRST_NAMES)})[1 + i % 20] || '.' || (${textArray(LAST_NAMES)})[1 + (i / 20) % 16]) || i || '@example.com' END,
            b.start, b.finish
     FROM generate_series(1, ${count}) i CROSS JOIN h_bounds b`,
  );
}
