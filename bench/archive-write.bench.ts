// The limits of one PostgreSQL primary for the archive's write pattern: chat lines, each one
// `appendEvents` statement (bump Session.lastSeq under the row lock, insert the numbered event),
// from BENCH_WRITERS (16) concurrent writers over BENCH_SESSIONS (500) live sessions, for
// BENCH_SECONDS (8) per phase. Baseline in the same run: the same rows by a plain INSERT (seq
// numbered by the client, no session row touched) through the same client and pool. A third
// writer calls appendEvents through a client that prepares its statements (parsed and planned once
// per connection) to show what parsing and planning cost. Each phase runs with synchronous_commit
// on and off. Per phase: events/s, PostgreSQL CPU seconds per event (utime+stime of every process of the
// throwaway cluster, from /proc), hence events per second per PostgreSQL core, and WAL bytes per
// event (pg_current_wal_lsn before/after).
// The writers share this machine's cores with PostgreSQL: events/s is what this box reaches with
// its load generator on it; events per PostgreSQL core-second is the figure that carries over.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { throwawayDatabase } from "./lib";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TEXT = "Thanks, I can see the order now. Could you tell me which delivery address you used?";

const database = await throwawayDatabase();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef0123",
  PUSHER_SECRET: "bench-only-secret-0123",
});

const { PrismaPg } = await import("@prisma/adapter-pg");
const { PrismaClient } = await import("../server/generated/prisma/client");
const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { appendEvents } = await import("../server/archive/append");

// A pool as wide as the writers, so the database (not the pool) is what they wait for.
const writerDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: WRITERS }) });

const owner = await db.user.create({ data: { email: "owner@bench.test" } });
const { org, launcher } = await createOrganization(db, { name: "Archive Bench", ownerUserId: owner.id });
await db.$executeRaw`
  INSERT INTO "Session" (id, "orgId", "scenarioId", kind, status, "startedAt")
  SELECT 'as' || g, ${org.id}, ${launcher.scenarioId}, 'ONE_ON_ONE', 'ACTIVE', now() FROM generate_series(1, ${SESSIONS}) g`;
await db.$executeRaw`
  INSERT INTO "Participant" (id, "orgId", "sessionId", role, "displayName", "joinedAt")
  SELECT 'ap' || g, ${org.id}, 'as' || g, 'AGENT', 'Agent', now() FROM generate_series(1, ${SESSIONS}) g`;
await db.$executeRaw`ANALYZE`;
const sessions = Array.from({ length: SESSIONS }, (_, i) => ({ id: `as${i + 1}`, actor: `ap${i + 1}` }));

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const postmasterPid = await (async () => {
  const [row] = await db.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  return Number(procStat(row!.pid)![1]); // a backend's parent is the postmaster
})();

/** Fields 3.. of /proc/{pid}/stat (after the command name), or null if the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU seconds of the whole cluster: live children's own, plus the postmaster's own and its reaped children's. */
function clusterCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const f = procStat(pid);
    if (!f) continue;
    // f[0] state, f[1] ppid, f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
    if (pid === postmasterPid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / CLK_TCK;
}

async function walLsn(): Promise<string> {
  const [row] = await db.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
  return row!.lsn;
}

async function setSynchronousCommit(on: boolean): Promise<void> {
  // A reload reaches every open backend; a session-level SET would not reach the pool's others.
  await db.$executeRawUnsafe(`ALTER SYSTEM SET synchronous_commit = ${on ? "on" : "off"}`);
  await db.$executeRaw`SELECT pg_reload_conf()`;
  await new Promise((r) => setTimeout(r, 300));
  const [row] = await db.$queryRaw<{ setting: string }[]>`SELECT current_setting('synchronous_commit') AS setting`;
  if (row!.setting !== (on ? "on" : "off")) throw new Error(`synchronous_commit is ${row!.setting}`);
}

// The very statement appendEvents sends for one chat line, captured from Prisma's query log.
const captured: { query: string; params: string }[] = [];
const logDb = new PrismaClient({
  adapter: new PrismaPg({ connectionString: database.url, max: 1 }),
  log: [{ emit: "event", level: "query" }],
});
logDb.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
await appendEvents(logDb, {
  orgId: org.id,
  sessionId: sessions[0]!.id,
  ifSeatVersion: 0,
  events: [{ type: "chat", actorParticipantId: sessions[0]!.actor, clientEventId: "explain-0", payload: { text: TEXT } }],
});
await logDb.$disconnect();
const appendSql = captured.find((c) => c.query.includes('INSERT INTO "SessionEvent"'))!;
const appendParams = JSON.parse(appendSql.params) as unknown[];
/** The captured parameters with another session, actor and client event id. */
const appendParamsFor = (s: { id: string; actor: string }, cid: string) =>
  appendParams.map((v) => (v === sessions[0]!.id ? s.id : v === sessions[0]!.actor ? s.actor : v === "explain-0" ? cid : v));
let appendedRows = 1;

type Write = (session: (typeof sessions)[number], n: number) => Promise<unknown>;
type Phase = { name: string; sync: boolean; events: number; seconds: number; pgCpu: number; clientCpu: number; walBytes: number };

let counter = 0;
// Baseline: the same row shape in its own stream, numbered by this process (one thread: no races).
const baseSeq = new Map<string, number>();
const plainInsert: Write = (s, n) => {
  const seq = (baseSeq.get(s.id) ?? 0) + 1;
  baseSeq.set(s.id, seq);
  return writerDb.$executeRaw`
    INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, "sidebarId", audience)
    VALUES (${org.id}, ${s.id}, 'base', ${seq}, 'chat', ${s.actor}, ${`b${n}`}, ${JSON.stringify({ text: TEXT })}::jsonb, NULL, ${[] as string[]}::text[])`;
};
// As sendChatLine writes it: guarded by the seat version (server/sessions/line-guard.ts).
const append: Write = async (s, n) => {
  await appendEvents(writerDb, {
    orgId: org.id,
    sessionId: s.id,
    ifSeatVersion: 0,
    events: [{ type: "chat", actorParticipantId: s.actor, clientEventId: `a${n}`, payload: { text: TEXT } }],
  });
  appendedRows++;
};
// The same call through a client whose adapter names each statement by its text, so node-postgres
// prepares it once per connection and PostgreSQL parses and plans it once (PrismaPg's
// statementNameGenerator): what that one option in server/db.ts would change.
const preparedDb = new PrismaClient({
  adapter: new PrismaPg(
    { connectionString: database.url, max: WRITERS },
    { statementNameGenerator: (q) => `s_${createHash("sha1").update(q.sql).digest("hex").slice(0, 20)}` },
  ),
});
const appendPrepared: Write = async (s, n) => {
  await appendEvents(preparedDb, {
    orgId: org.id,
    sessionId: s.id,
    ifSeatVersion: 0,
    events: [{ type: "chat", actorParticipantId: s.actor, clientEventId: `p${n}`, payload: { text: TEXT } }],
  });
  appendedRows++;
};

async function runPhase(name: string, sync: boolean, write: Write): Promise<Phase> {
  await setSynchronousCommit(sync);
  let events = 0;
  let stop = false;
  const loop = async (w: number) => {
    // Each writer walks the sessions from its own offset: writers meet on one session row only by chance.
    let i = Math.floor((w * SESSIONS) / WRITERS);
    while (!stop) {
      await write(sessions[i++ % SESSIONS]!, counter++);
      events++;
    }
  };
  // Warm-up outside the measured window.
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(sessions[(w * 7) % SESSIONS]!, counter++)));
  const wal0 = await walLsn();
  const cpu0 = clusterCpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const running = Array.from({ length: WRITERS }, (_, w) => loop(w));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  stop = true;
  await Promise.all(running);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = clusterCpuSeconds();
  const client = process.cpuUsage(client0);
  const wal1 = await walLsn();
  const [wal] = await db.$queryRaw<{ bytes: string }[]>`SELECT pg_wal_lsn_diff(${wal1}::pg_lsn, ${wal0}::pg_lsn)::text AS bytes`;
  return { name, sync, events, seconds, pgCpu: cpu1 - cpu0, clientCpu: (client.user + client.system) / 1e6, walBytes: Number(wal!.bytes) };
}

const phases: Phase[] = [];
for (const sync of [true, false]) {
  phases.push(await runPhase("plain INSERT (baseline)", sync, plainInsert));
  phases.push(await runPhase("appendEvents (chat line)", sync, append));
  phases.push(await runPhase("appendEvents, prepared statements", sync, appendPrepared));
  await db.$executeRaw`VACUUM ANALYZE "SessionEvent", "Session"`;
}
await preparedDb.$disconnect();
await setSynchronousCommit(true);

// Every appended line must be there, numbered gaplessly per session.
const [check] = await db.$queryRaw<{ n: bigint; bad: bigint }[]>`
  SELECT count(*) AS n, count(*) FILTER (WHERE seq <> rn) AS bad FROM (
    SELECT seq, row_number() OVER (PARTITION BY "sessionId" ORDER BY seq) AS rn FROM "SessionEvent" WHERE stream = 'room'
  ) t`;
if (Number(check!.n) !== appendedRows || Number(check!.bad) !== 0)
  throw new Error(`archive check: ${check!.n} rows (expected ${appendedRows}), ${check!.bad} out of sequence`);

// Where one statement's server time goes: planning and execution of each, from EXPLAIN ANALYZE of
// the very statement appendEvents sends and of the baseline's.
const plainSql = `INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, "sidebarId", audience)
  VALUES ($1, $2, 'explain', $3, 'chat', $4, $5, $6::jsonb, NULL, '{}'::text[])`;
async function explainTimes(sql: string, paramsFor: (i: number) => unknown[], n = 200): Promise<{ planUs: number; execUs: number }> {
  let plan = 0;
  let exec = 0;
  for (let i = 0; i < n; i++) {
    const [row] = await db.$queryRawUnsafe<{ "QUERY PLAN": { "Planning Time": number; "Execution Time": number }[] }[]>(
      `EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) ${sql}`,
      ...paramsFor(i),
    );
    plan += row!["QUERY PLAN"][0]!["Planning Time"];
    exec += row!["QUERY PLAN"][0]!["Execution Time"];
  }
  return { planUs: (plan / n) * 1000, execUs: (exec / n) * 1000 };
}
const appendTimes = await explainTimes(appendSql.query, (i) => appendParamsFor(sessions[0]!, `explain-${i + 1}`));
const plainTimes = await explainTimes(plainSql, (i) => [
  org.id,
  sessions[i % SESSIONS]!.id,
  Math.floor(i / SESSIONS) + 1,
  sessions[i % SESSIONS]!.actor,
  `explain-plain-${i}`,
  JSON.stringify({ text: TEXT }),
]);

const cores = os.availableParallelism();
console.log(
  `writers: ${WRITERS}, sessions: ${SESSIONS}, ${SECONDS} s per phase, ${cores} cores shared by PostgreSQL and the writers (this process)`,
);
console.log("phase                                sync  events/s  PG CPU us/event  events/s per PG core  WAL B/event  client CPU us/event");
for (const p of phases) {
  console.log(
    `${p.name.padEnd(36)} ${(p.sync ? "on" : "off").padEnd(4)} ${(p.events / p.seconds).toFixed(0).padStart(9)} ${((p.pgCpu / p.events) * 1e6).toFixed(0).padStart(16)} ${(p.events / p.pgCpu).toFixed(0).padStart(21)} ${(p.walBytes / p.events).toFixed(0).padStart(12)} ${((p.clientCpu / p.events) * 1e6).toFixed(0).padStart(20)}`,
  );
}
const cpuPerEvent = (p: Phase) => p.pgCpu / p.events;
for (const sync of [true, false]) {
  const [b, a, prepared] = phases.filter((p) => p.sync === sync);
  console.log(
    `ratio appendEvents / baseline, synchronous_commit ${sync ? "on" : "off"}: events/s ${(a!.events / a!.seconds / (b!.events / b!.seconds)).toFixed(2)}, PG CPU per event ${(cpuPerEvent(a!) / cpuPerEvent(b!)).toFixed(2)}, WAL per event ${(a!.walBytes / a!.events / (b!.walBytes / b!.events)).toFixed(2)}; prepared: events/s ${(prepared!.events / prepared!.seconds / (b!.events / b!.seconds)).toFixed(2)}, PG CPU per event ${(cpuPerEvent(prepared!) / cpuPerEvent(b!)).toFixed(2)}`,
  );
}
console.log(
  `one statement, server side (EXPLAIN ANALYZE, mean of 200): appendEvents planning ${appendTimes.planUs.toFixed(0)} us + execution ${appendTimes.execUs.toFixed(0)} us; ` +
    `plain INSERT planning ${plainTimes.planUs.toFixed(0)} us + execution ${plainTimes.execUs.toFixed(0)} us`,
);
// Each line rewrites its Session row (lastSeq): HOT updates keep that off Session's indexes.
const [hot] = await db.$queryRaw<{ upd: bigint; hot: bigint; autovacuums: bigint }[]>`
  SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot, autovacuum_count + autoanalyze_count AS autovacuums FROM pg_stat_user_tables WHERE relname = 'Session'`;
console.log(
  `Session row updates: ${hot!.upd}, of which HOT ${((Number(hot!.hot) / Number(hot!.upd)) * 100).toFixed(0)} %; autovacuum/analyze runs on Session: ${hot!.autovacuums}`,
);
// What the archive costs on disk per line (table, TOAST and the four indexes), for retention sizing.
const [size] = await db.$queryRaw<{ bytes: bigint; rows: bigint }[]>`
  SELECT pg_total_relation_size('"SessionEvent"') AS bytes, (SELECT count(*) FROM "SessionEvent") AS rows`;
console.log(
  `SessionEvent on disk: ${(Number(size!.bytes) / Number(size!.rows)).toFixed(0)} bytes per event (table + indexes, ${size!.rows} rows)`,
);
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

await writerDb.$disconnect();
await disconnectDb();
await database.close();
