// Chat over the real path: HTTP POST /api/trpc/sessions.send to real web process(es) (scripts/web.ts
// on a production build) -> PostgreSQL -> the relay (own process) -> a WebSocket subscriber per
// session. N sessions (BENCH_SESSIONS, 500), each sending R lines per second (BENCH_RATE, 2) for S
// seconds (BENCH_SECONDS, 10), alternately from the visitor (signed visitor cookie) and the agent
// (a next-auth session cookie minted as next-auth does). BENCH_WEB_WORKERS web processes (1) on
// their own ports, clients spread over them as a load balancer would. Two phases: steady, then the
// same with one abusive client sending 100 lines/s into one session (refused lines counted, the
// other sessions' p99 beside the steady phase's). Baseline in the same run: the archive write alone
// (appendEvents), its latency and its PostgreSQL CPU per line. CPU per line of every process from
// /proc. BENCH_PROFILE=1: the web process runs under --cpu-prof and its top self time is printed (=all: the relay's too).
// BENCH_WEB_NODE_FLAGS: the web processes' node flags instead of production's (scripts/lib/node-flags.ts); "" for V8's defaults.
// BENCH_CONNECTIONS: "browser" (each browser its own kept-alive connections, at most 6) or N (all
// senders share N per web process). BENCH_WARM_SECONDS (2): lines sent before the measured phases,
// not counted. PostgreSQL's slow statements (over 60 ms), checkpoints, autovacuum runs and lock
// waits from the warm-up on are printed as "[postgres]" lines, with their time.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import WebSocket from "ws";
import { buildIsCurrent, NEXT_BIN } from "../scripts/lib/next-build";
import { summarise } from "./cpuprofile-top";
import { POSTGRES_LOG_SETTINGS, postgresLogLine, throwawayDatabase } from "./lib";
import { cpuSpentMs, ownCpuMs, treeCpuMs, watchMachine } from "./proc-cpu";
import { WEB_NODE_FLAGS } from "../scripts/lib/node-flags";
import { lagBySecond, watchLoopLag } from "./loop-lag";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WEB_WORKERS = Number(process.env.BENCH_WEB_WORKERS ?? 1);
const ABUSE_RATE = Number(process.env.BENCH_ABUSE_RATE ?? 100);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
const PROFILE = process.env.BENCH_PROFILE === "1" || process.env.BENCH_PROFILE === "all";
// BENCH_PROFILE=all: the relay too (its own directory, printed after the web process's).
const PROFILE_RELAY = process.env.BENCH_PROFILE === "all";
const AGENTS = Math.max(1, Math.ceil(SESSIONS / 10));
const SECRET = "bench-chat-secret-0123456789";
const NEXTAUTH_SECRET = "bench-only-secret-0123456789abcdef0123";
const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = ".next-bench";

// A production build of its own (not disturbing a dev server's .next), made only when stale.
// BENCH_SKIP_BUILD=1 uses what is there (iterating on code that the build does not serve).
if (process.env.BENCH_SKIP_BUILD !== "1" && !buildIsCurrent(path.join(ROOT, DIST))) {
  console.log(`building into ${DIST} (sources changed since the last build)…`);
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

let logPostgres = false;
const database = await throwawayDatabase({
  settings: {
    shared_preload_libraries: "pg_stat_statements",
    ...POSTGRES_LOG_SETTINGS,
    // BENCH_PG="name=value,name=value": more server settings, to try one (e.g. wal_init_zero=off).
    ...Object.fromEntries((process.env.BENCH_PG ?? "").split(",").flatMap((kv) => (kv.includes("=") ? [kv.split("=", 2)] : []))),
  },
  // What those settings log (slow statements, checkpoints, autovacuum, lock waits), with its time,
  // to lay beside the bench's slow seconds: from the warm-up on (set-up's own statements are slow
  // and expected), a line each.
  onLog: (line) => {
    const shown = logPostgres ? postgresLogLine(line) : null;
    if (shown) console.log(shown);
  },
});
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET, PUSHER_SECRET: SECRET });
const { findFreePort } = await import("../scripts/lib/postgres");
const relayPort = await findFreePort(18100);
process.env.RELAY_PORT = String(relayPort);

function waitForLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (b: Buffer) => {
      seen += b.toString();
      if (seen.includes(text)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before "${text}": ${seen.slice(-500)}`)));
  });
}

// Each process's event-loop lag per second (bench/loop-lag.ts), laid beside the slow lines of that second.
const LAG_FILE = path.join(mkdtempSync(path.join(os.tmpdir(), "isession-chat-lag-")), "lag.txt");
const lagEnv = (name: string) => ({ BENCH_LAG_FILE: LAG_FILE, BENCH_LAG_NAME: name });
watchLoopLag("bench", LAG_FILE);

const relayProfileDir = mkdtempSync(path.join(os.tmpdir(), "isession-chat-relay-prof-"));
const relayProfile = PROFILE_RELAY ? ["--cpu-prof", `--cpu-prof-dir=${relayProfileDir}`] : [];
const relay = spawn(process.execPath, [...relayProfile, "--import", "tsx", "--import", "./bench/loop-lag.ts", "relay/main.ts"], {
  cwd: ROOT,
  env: {
    ...process.env,
    ...lagEnv("relay"),
    RELAY_PORT: String(relayPort),
    LOG_LEVEL: "error",
    RELAY_WEBHOOK_URL: "http://127.0.0.1:9/unused",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await waitForLine(relay, "listening");

const profileDir = mkdtempSync(path.join(os.tmpdir(), "isession-chat-prof-"));
const webPorts: number[] = [];
const webs: ChildProcess[] = [];
for (let i = 0; i < WEB_WORKERS; i++) {
  const port = await findFreePort(18200 + i * 10);
  webPorts.push(port);
  const profile = PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const web = spawn(
    process.execPath,
    [
      ...profile,
      // Production's flags (scripts/lib/node-flags.ts) unless BENCH_WEB_NODE_FLAGS says otherwise ("" for V8's defaults).
      ...(process.env.BENCH_WEB_NODE_FLAGS !== undefined ? process.env.BENCH_WEB_NODE_FLAGS.split(" ").filter(Boolean) : WEB_NODE_FLAGS),
      "--import",
      "tsx",
      "--import",
      "./bench/loop-lag.ts",
      PROFILE ? "bench/web-profiled.ts" : "scripts/web.ts",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...lagEnv(`web${i}`),
        PORT: String(port),
        WEB_WORKERS: "1",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        NODE_ENV: "production",
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  webs.push(web);
  await waitForLine(web, "ready on port");
}

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { appendEvents } = await import("../server/archive/append");
const { signVisitorCookie, VISITOR_COOKIE } = await import("../server/visitors/cookie");
const { stopJobSender } = await import("../server/jobs/boss");
await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

// N live sessions, each with a visitor seat and an agent seat; an agent serves 10 sessions.
const owner = await db.user.create({ data: { email: "owner@bench.test", name: "Owner" } });
const { org, launcher, scenarios } = await createOrganization(db, { name: "Chat Bench", ownerUserId: owner.id });
const scenario = scenarios.find((s) => s.kind === "ONE_ON_ONE")!;
const agentUsers = await db.user.createManyAndReturn({
  data: Array.from({ length: AGENTS }, (_, i) => ({ email: `agent${i}@bench.test`, name: `Agent ${i}` })),
});
const agentMembers = await db.membership.createManyAndReturn({
  data: agentUsers.map((u) => ({ orgId: org.id, userId: u.id, role: "AGENT" as const })),
});
const visitors = await db.visitor.createManyAndReturn({
  data: Array.from({ length: SESSIONS }, (_, i) => ({
    orgId: org.id,
    cookieId: `benchvisitor${String(i).padStart(8, "0")}`,
    name: `V${i}`,
  })),
});
const sessionRows = await db.session.createManyAndReturn({
  data: visitors.map(() => ({ orgId: org.id, scenarioId: scenario.id, launcherId: launcher.id, kind: "ONE_ON_ONE" as const })),
});
await db.participant.createMany({
  data: sessionRows.flatMap((s, i) => [
    {
      orgId: org.id,
      sessionId: s.id,
      role: "AGENT" as const,
      membershipId: agentMembers[i % AGENTS]!.id,
      displayName: `Agent ${i % AGENTS}`,
      canLead: true,
    },
    { orgId: org.id, sessionId: s.id, role: "VISITOR" as const, visitorId: visitors[i]!.id, displayName: visitors[i]!.name! },
  ]),
});
await db.$executeRaw`UPDATE "Session" s SET "leaderParticipantId" = p.id FROM "Participant" p WHERE p."sessionId" = s.id AND p.role = 'AGENT' AND s."orgId" = ${org.id}`;

const agentCookies = await Promise.all(
  agentUsers.map(
    async (u) =>
      `next-auth.session-token=${await encode({ token: { sub: u.id, uid: u.id, email: u.email, name: u.name }, secret: NEXTAUTH_SECRET })}`,
  ),
);
// How the senders' requests reach a web process. "browser" (the default): each browser has its own
// kept-alive connections, at most 6 to a host as browsers allow: a visitor's browser, and an
// agent's, shared by the 10 sessions that agent serves. A number N: every sender shares N
// connections per web process (the model before 2026-12-06, with 64). That pool is a queue of the
// bench's own: at 1,000 lines a second, 64 connections carry them only while a line's answer takes
// under 64 ms (Little's law), and any slower second queued the next lines in the bench itself.
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "browser";
const sharedPools = new Map<number, http.Agent>();
const browserPools = new Map<string, http.Agent>();
const pool = (browser: string, port: number) => {
  if (CONNECTIONS !== "browser") {
    if (!sharedPools.has(port)) sharedPools.set(port, new http.Agent({ keepAlive: true, maxSockets: Number(CONNECTIONS) }));
    return sharedPools.get(port)!;
  }
  const key = `${browser}@${port}`;
  if (!browserPools.has(key)) browserPools.set(key, new http.Agent({ keepAlive: true, maxSockets: 6 }));
  return browserPools.get(key)!;
};
type Client = { session: number; port: number; cookie: string; agent: http.Agent };
// Each session's visitor and agent; with several web processes they land on different ones.
const sessions = sessionRows.map((s, i) => {
  const visitorPort = webPorts[i % WEB_WORKERS]!;
  const agentPort = webPorts[(i + 1) % WEB_WORKERS]!;
  return {
    id: s.id,
    senders: [
      {
        session: i,
        port: visitorPort,
        cookie: `${VISITOR_COOKIE}=${signVisitorCookie(visitors[i]!.cookieId)}`,
        agent: pool(`visitor${i}`, visitorPort),
      },
      { session: i, port: agentPort, cookie: agentCookies[i % AGENTS]!, agent: pool(`agent${i % AGENTS}`, agentPort) },
    ] as Client[],
  };
});
// A script, not a browser: the abuser and the refused-line phase open what connections they like.
const script = (c: Client): Client => ({ ...c, agent: new http.Agent({ keepAlive: true }) });
const abuserClient = script(sessions[0]!.senders[0]!);
const refusedClient = script(sessions[1]!.senders[0]!);

// One subscriber per session, on the session's audience channel, through the real handshake.
type Sent = { at: number; session: number; phase: string };
const sent = new Map<string, Sent>();
const delivered: { phase: string; session: number; ms: number; at: number }[] = [];
const sockets: WebSocket[] = [];
await Promise.all(
  sessions.map(
    (s) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${relayPort}/app/isession-key?protocol=7`);
        sockets.push(ws);
        ws.on("error", reject);
        ws.on("message", (raw) => {
          const msg = JSON.parse(raw.toString()) as { event: string; data?: string };
          if (msg.event === "pusher:connection_established") {
            const socketId = (JSON.parse(msg.data!) as { socket_id: string }).socket_id;
            const channel = `private-session-${s.id}-audience`;
            const auth = `isession-key:${createHmac("sha256", SECRET).update(`${socketId}:${channel}`).digest("hex")}`;
            ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
          } else if (msg.event === "pusher_internal:subscription_succeeded") resolve();
          else if (msg.event === "session.event") {
            const id = (JSON.parse(msg.data!) as { clientEventId: string }).clientEventId;
            const s = sent.get(id);
            if (s) {
              const now = performance.now();
              delivered.push({ phase: s.phase, session: s.session, ms: now - s.at, at: now });
              sent.delete(id);
            }
          }
        });
      }),
  ),
);

type Answer = { status: number; code?: string; message?: string };
function send(c: Client, sessionId: string, clientEventId: string, text: string, retry = true): Promise<Answer> {
  const body = JSON.stringify({ json: { sessionId, text, clientEventId } });
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: c.port,
        method: "POST",
        path: "/api/trpc/sessions.send",
        agent: c.agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie: c.cookie },
      },
      (res) => {
        let raw = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (raw += d));
        res.on("end", () => {
          if (res.statusCode === 200) return resolve({ status: 200 });
          try {
            const e = (JSON.parse(raw) as { error: { json: { message: string; data: { code: string } } } }).error.json;
            resolve({ status: res.statusCode ?? 0, code: e.data.code, message: e.message });
          } catch {
            resolve({ status: res.statusCode ?? 0, message: raw.slice(0, 200) });
          }
        });
      },
    );
    // A kept-alive connection the server closed as it was reused: sent again, as a browser does
    // (the same clientEventId: stored once).
    req.on("error", (e) => resolve(retry ? send(c, sessionId, clientEventId, text, false) : { status: 0, message: e.message }));
    req.end(body);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const nextId = () => `bench${(seq++).toString(36).padStart(8, "0")}`;

type CpuReading = { web: Map<number, number>[]; relay: Map<number, number>; pg: Map<number, number>; own: number };
const readCpu = (): CpuReading => ({
  web: webs.map((w) => treeCpuMs(w.pid!)),
  relay: treeCpuMs(relay.pid!),
  pg: treeCpuMs(database.pid),
  own: ownCpuMs(),
});
type CpuPerLine = { web: number[]; relay: number; pg: number; client: number; total: number };
function cpuPerLine(a: CpuReading, b: CpuReading, lines: number): CpuPerLine {
  const web = b.web.map((w, i) => cpuSpentMs(a.web[i]!, w) / lines);
  const relayMs = cpuSpentMs(a.relay, b.relay) / lines;
  const pg = cpuSpentMs(a.pg, b.pg) / lines;
  const client = (b.own - a.own) / lines;
  return { web, relay: relayMs, pg, client, total: web.reduce((x, y) => x + y, 0) + relayMs + pg + client };
}

/**
 * Every session sends RATE lines per second, spread evenly, alternating visitor and agent; with
 * `abuse`, one more client sends ABUSE_RATE lines per second into session 0 as its visitor.
 */
async function phase(name: string, seconds: number, abuse: boolean) {
  const answers = new Map<string, number>();
  const abuser = { sent: 0, refused: 0, stored: 0, other: 0, message: "" };
  let failed = 0;
  const inflight = new Set<Promise<unknown>>();
  const total = SESSIONS * RATE * seconds;
  const abuseTotal = abuse ? ABUSE_RATE * seconds : 0;
  const start = performance.now();
  const startEpoch = Date.now();
  let n = 0;
  let a = 0;
  const cpu0 = readCpu();
  while (n < total || a < abuseTotal) {
    const now = performance.now() - start;
    const dueN = Math.min(total, Math.floor((now / 1000) * SESSIONS * RATE) + 1);
    const dueA = Math.min(abuseTotal, Math.floor((now / 1000) * ABUSE_RATE) + 1);
    for (; n < dueN; n++) {
      const i = n % SESSIONS;
      const c = sessions[i]!.senders[Math.floor(n / SESSIONS) % 2]!;
      const id = nextId();
      sent.set(id, { at: performance.now(), session: i, phase: name });
      const p = send(c, sessions[i]!.id, id, `line ${n}`).then((r) => {
        if (r.status !== 200) {
          sent.delete(id);
          if (failed++ === 0) console.error(`  first failed send (${name}): ${r.status} ${r.code ?? ""} ${r.message ?? ""}`);
          answers.set(`${r.status} ${r.code ?? ""}`, (answers.get(`${r.status} ${r.code ?? ""}`) ?? 0) + 1);
        }
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    for (; a < dueA; a++) {
      const id = nextId();
      abuser.sent++;
      sent.set(id, { at: performance.now(), session: 0, phase: name });
      const p = send(abuserClient, sessions[0]!.id, id, `flood ${a}`).then((r) => {
        if (r.status === 200) abuser.stored++;
        else sent.delete(id);
        if (r.code === "TOO_MANY_REQUESTS") {
          abuser.refused++;
          abuser.message = r.message ?? "";
        } else if (r.status !== 200) abuser.other++;
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await sleep(2);
  }
  await Promise.all(inflight);
  const sendMs = performance.now() - start;
  const expected = total - failed;
  const deadline = performance.now() + 10_000;
  const mine = () => delivered.filter((d) => d.phase === name);
  while (mine().length < expected + abuser.stored && performance.now() < deadline) await sleep(50);
  await sleep(200);
  const cpu1 = readCpu();
  const got = mine();
  const lastAt = Math.max(...got.map((d) => d.at));
  const others = got.filter((d) => d.session !== 0).map((d) => d.ms);
  return {
    name,
    total,
    failed,
    answers,
    delivered: got.length,
    reached: got.length / ((lastAt - start) / 1000),
    sendMs,
    p50: pct(
      got.map((d) => d.ms),
      50,
    ),
    p99: pct(
      got.map((d) => d.ms),
      99,
    ),
    othersP99: pct(others, 99),
    cpu: cpuPerLine(cpu0, cpu1, got.length),
    abuser,
    // Per second of sending: how many lines took over 100 ms and the worst, so a tail made by a few
    // stalls (GC, autovacuum, a checkpoint) shows as one bad second and queueing as many.
    startEpoch,
    bySecond: Array.from({ length: seconds }, (_, k) => {
      const inSecond = got.filter((d) => d.at - d.ms - start >= k * 1000 && d.at - d.ms - start < (k + 1) * 1000).map((d) => d.ms);
      return { slow: inSecond.filter((ms) => ms > 100).length, max: inSecond.length ? Math.max(...inSecond) : 0 };
    }),
  };
}

// The machine's CPU every half second: ours (web, relay, PostgreSQL, this process), everyone
// else's, and the hypervisor's steal, to lay beside the slow seconds.
const machine = watchMachine(() => [...webs.map((w) => w.pid!), relay.pid!, database.pid]);
// Warm-up (JIT, pools, connections): every session sends a line or two, not counted.
logPostgres = true;
await phase("warm-up", WARM_SECONDS, false);
await db.$executeRawUnsafe("SELECT pg_stat_statements_reset()");
const steady = await phase("steady", SECONDS, false);
const statements = await db.$queryRawUnsafe<{ query: string; calls: bigint; mean_ms: number; total_ms: number }[]>(
  `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query, calls, mean_exec_time AS mean_ms, total_exec_time AS total_ms
   FROM pg_stat_statements WHERE calls >= ${SESSIONS} ORDER BY total_exec_time DESC LIMIT 8`,
);
// Statements that stored lines (single-line appends and group-commit batches, server/archive/line-batch.ts).
const [inserts] = await db.$queryRawUnsafe<{ statements: bigint; rows: bigint; ms: number }[]>(
  `SELECT coalesce(sum(calls), 0) AS statements, coalesce(sum(rows), 0) AS rows, coalesce(sum(total_exec_time), 0) AS ms
   FROM pg_stat_statements WHERE query LIKE '%INSERT INTO "SessionEvent"%'`,
);
const abused = await phase("abuse", SECONDS, true);

// What a refused line costs, alone on the machine: one visitor (session 1) sends REFUSED_LINES lines
// as fast as 20 in flight allow. The first 20 of each 2-second window are stored (server/chat/line-limit.ts),
// the rest refused; the web process's CPU of the stored ones (at the steady phase's CPU a line) is
// taken off, and the rest divided by the refused: beside a stored line's web CPU (steady phase).
const REFUSED_LINES = Number(process.env.BENCH_REFUSED_LINES ?? 5000);
const refusing = { stored: 0, refused: 0, other: 0 };
const r0 = readCpu();
const rStart = performance.now();
let rNext = 0;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    while (rNext++ < REFUSED_LINES) {
      const r = await send(refusedClient, sessions[1]!.id, nextId(), "refused?");
      if (r.status === 200) refusing.stored++;
      else if (r.code === "TOO_MANY_REQUESTS") refusing.refused++;
      else refusing.other++;
    }
  }),
);
const rSeconds = (performance.now() - rStart) / 1000;
const rCpu = cpuPerLine(r0, readCpu(), 1);
const webPerRefused =
  (rCpu.web.reduce((x, y) => x + y, 0) - refusing.stored * steady.cpu.web.reduce((x, y) => x + y, 0)) / refusing.refused;

// Baseline: the archive write alone, from this process (Prisma, the app's pool of 10): latency of
// one at a time, then CPU per line with 10 in flight.
const dbTimes: number[] = [];
for (let i = 0; i < 300; i++) {
  const s = sessions[i % SESSIONS]!;
  const t = performance.now();
  await appendEvents(db, { orgId: org.id, sessionId: s.id, events: [{ type: "chat", payload: { text: "baseline" } }] });
  dbTimes.push(performance.now() - t);
}
const baseLines = 3000;
const b0 = readCpu();
const bStart = performance.now();
let bNext = 0;
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (bNext < baseLines) {
      const s = sessions[bNext++ % SESSIONS]!;
      await appendEvents(db, { orgId: org.id, sessionId: s.id, events: [{ type: "chat", payload: { text: "baseline" } }] });
    }
  }),
);
const bRate = baseLines / ((performance.now() - bStart) / 1000);
const base = cpuPerLine(b0, readCpu(), baseLines);

const f = (x: number) => x.toFixed(1).padStart(6);
const f2 = (x: number) => x.toFixed(2).padStart(5);
console.log(
  `chat over HTTP: ${SESSIONS} sessions x ${RATE} lines/s x ${SECONDS} s (offered ${SESSIONS * RATE}/s), ${WEB_WORKERS} web process(es), connections: ${CONNECTIONS === "browser" ? "each browser its own (at most 6)" : `${CONNECTIONS} shared per web process`}, load average ${os.loadavg()[0]!.toFixed(2)}`,
);
console.log(
  `  baseline, archive write alone (appendEvents): p50 ${dbTimes.length ? pct(dbTimes, 50).toFixed(1) : "?"} ms, p99 ${pct(dbTimes, 99).toFixed(1)} ms one at a time; ${bRate.toFixed(0)} lines/s with 10 in flight, PostgreSQL CPU ${f2(base.pg)} ms/line, Prisma client ${f2(base.client)} ms/line`,
);
for (const r of [steady, abused]) {
  const c = r.cpu;
  console.log(
    `  ${r.name.padEnd(6)} delivered ${r.delivered}/${r.total} (${r.failed} sends failed), ${r.reached.toFixed(0)} lines/s reached; send-to-delivery p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms (${(r.p50 / pct(dbTimes, 50)).toFixed(1)}x the archive write's p50)`,
  );
  console.log(
    `         CPU ms/line: web ${c.web.map(f2).join(" + ")}, relay ${f2(c.relay)}, PostgreSQL ${f2(c.pg)}, bench client ${f2(c.client)} = ${f2(c.total)} (${(c.total / base.pg).toFixed(1)}x the archive write's PostgreSQL CPU; PostgreSQL ${(c.pg / base.pg).toFixed(2)}x)`,
  );
  console.log(
    `         lines over 100 ms by second sent (from ${new Date(r.startEpoch).toISOString().slice(11, 23)} UTC): ${r.bySecond.map((b) => b.slow).join(" ")}; worst by second (ms): ${r.bySecond.map((b) => b.max.toFixed(0)).join(" ")}`,
  );
  // Each process's worst event-loop lag in the same seconds, and its longest collection over 20 ms.
  const cpuBySecond = machine.bySecond(r.startEpoch, r.bySecond.length);
  console.log(
    `         machine CPU by second (% of all cores, ours+others, steal, iowait w): ${cpuBySecond.map((c) => `${c.oursPct}+${Math.max(0, c.busyPct - c.oursPct)}${c.stealPct ? `,${c.stealPct}` : ""}${c.iowaitPct ? ` w${c.iowaitPct}` : ""}`).join(" ")}`,
  );
  const lag = lagBySecond(LAG_FILE, r.startEpoch, r.bySecond.length);
  console.log(`         event-loop lag, worst by second (ms): ${lag.map((p) => `${p.name} ${p.worst}`).join("; ")}`);
  if (r.answers.size) console.log(`         failed sends by answer: ${[...r.answers].map(([k, v]) => `${k}: ${v}`).join(", ")}`);
}
const ab = abused.abuser;
console.log(
  `  abuser: ${ab.sent} lines at ${ABUSE_RATE}/s into one session: ${ab.refused} refused (TOO_MANY_REQUESTS${ab.message ? `: "${ab.message}"` : ""}), ${ab.stored} stored, ${ab.other} other errors`,
);
console.log(
  `  other sessions' p99: ${f(steady.othersP99)} ms without the abuser, ${f(abused.othersP99)} ms with it (${(abused.othersP99 / steady.othersP99).toFixed(2)}x)`,
);
console.log(
  `  a refused line alone: ${refusing.refused} refused and ${refusing.stored} stored of ${REFUSED_LINES} (${refusing.other} other answers) in ${rSeconds.toFixed(1)} s (${(REFUSED_LINES / rSeconds).toFixed(0)}/s, 20 in flight); web CPU ${webPerRefused.toFixed(3)} ms per refused line against ${steady.cpu.web.reduce((x, y) => x + y, 0).toFixed(3)} ms per stored line in the steady phase (${(webPerRefused / steady.cpu.web.reduce((x, y) => x + y, 0)).toFixed(2)}x)`,
);
console.log("  statements during the steady phase (pg_stat_statements, calls >= sessions):");
if (inserts) {
  const n = Number(inserts.statements);
  console.log(
    `  lines stored by ${n} statements (${(Number(inserts.rows) / Math.max(1, n)).toFixed(1)} lines each, ${(inserts.ms / Math.max(1, Number(inserts.rows))).toFixed(3)} ms of statement time a line)`,
  );
}
for (const s of statements)
  console.log(
    `    ${String(s.calls).padStart(7)} calls  ${s.mean_ms.toFixed(3)} ms mean  ${s.total_ms.toFixed(0).padStart(6)} ms total  ${s.query}`,
  );

logPostgres = false;
machine.stop();
for (const ws of sockets) ws.terminate();
for (const a of [...sharedPools.values(), ...browserPools.values(), abuserClient.agent, refusedClient.agent]) a.destroy();
await Promise.all(webs.map((w) => new Promise((r) => (w.once("exit", r), w.kill("SIGTERM")))));
await new Promise((r) => (relay.once("exit", r), relay.kill("SIGTERM")));
if (PROFILE) for (const file of readdirSync(profileDir)) console.log(summarise(path.join(profileDir, file), 30));
if (PROFILE_RELAY)
  for (const file of readdirSync(relayProfileDir)) console.log(`relay: ${summarise(path.join(relayProfileDir, file), 30)}`);
await stopJobSender();
await disconnectDb();
await database.close();
