// The auditorium at full size: BENCH_ATTENDEES (default 19,000) attendees join ONE auditorium
// session through the real relay (its own process). Each join is a seat made by the app's join
// function, a WebSocket, and subscriptions to the session's audience channel and the attendee's own
// participant channel, authorised by the app's auth endpoint function. Then the producer leads to a
// URL (`leadTo`: probe, archive write, publish) and says a stage line (`sendChatLine`), timed from the
// call (and from the publish) to the last attendee's delivery. Baseline in the same run: a bare `ws`
// server fanning the same payload out to the same number of sockets. Attendees live in
// BENCH_CLIENT_PROCESSES child processes (bench/auditorium-clients.ts); this process is the app.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Agent, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { FromClients, ToClients } from "./auditorium-clients";
import { throwawayDatabase } from "./lib";
import { APP, percentile, procStats, sleep, trigger, webhookSink } from "./relay-lib";

const cpus = availableParallelism();
const ROOT = path.resolve(import.meta.dirname, "..");
const hardLimit = (() => {
  const out = spawnSync("sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).stdout.trim();
  return out === "unlimited" ? 1_000_000 : Number(out);
})();
const softLimit = Number(spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim()) || hardLimit;
// Servers and client processes raise their own soft limit to the hard one (below); one server
// process holds every attendee's socket, so that limit caps the audience.
const requested = Number(process.env.BENCH_ATTENDEES ?? 19_000);
const N = Math.max(1, Math.min(requested, hardLimit - 300));
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_JOIN_CONCURRENCY ?? 64));
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 8));
const WARMUP = 1;
/** endpoint: the auth endpoint's function (seat lookup + signature); sign: the signature alone. */
const AUTH = process.env.BENCH_AUTH === "sign" ? "sign" : "endpoint";

/** Spawns node with the soft open-files limit raised to the hard one (no privilege needed). */
function spawnNode(args: string[], env: NodeJS.ProcessEnv, ipc = false): ChildProcess {
  return spawn("sh", ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, "--import", "tsx", ...args], {
    cwd: ROOT,
    env,
    stdio: ipc ? ["ignore", "inherit", "inherit", "ipc"] : ["ignore", "pipe", "inherit"],
  });
}

function listening(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before listening`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/** The embedded PostgreSQL's postmaster (a child of this process); its backends are its children. */
function postgresPid(): number | undefined {
  const kids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  return kids.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
    } catch {
      return false;
    }
  });
}

/** CPU seconds so far of this process (the app), PostgreSQL, the relay and the client processes. */
function cpuNow(clients: ChildProcess[]): { app: number; db: number; relay: number; clients: number } {
  const u = process.cpuUsage();
  const pg = postgresPid();
  return {
    app: (u.user + u.system) / 1e6,
    db: pg ? procStats(pg).cpuSec : NaN,
    relay: relay.exitCode === null ? procStats(relay.pid!).cpuSec : 0,
    clients: clients.reduce((sum, p) => sum + procStats(p.pid!).cpuSec, 0),
  };
}

const ns = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const f1 = (x: number) => x.toFixed(1);

// --- the world: database, a page to lead to (the app's own origin), the relay ---

const database = await throwawayDatabase();
const page = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>slide</title>"));
await new Promise<void>((r) => page.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
const sink = await webhookSink();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: "bench-only-nextauth-secret-0123456789abcdef",
  NEXTAUTH_URL: origin,
  PUSHER_APP_ID: APP.id,
  PUSHER_KEY: APP.key,
  PUSHER_SECRET: APP.secret,
  RELAY_HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
});
const relay = spawnNode(["relay/main.ts"], {
  ...process.env,
  NODE_ENV: "production",
  RELAY_PORT: "0",
  RELAY_WORKERS: "1",
  REDIS_URL: "",
  RELAY_WEBHOOK_URL: sink.url,
});
const relayUrl = await listening(relay, "relay");
process.env.RELAY_PORT = new URL(relayUrl).port;

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { leadTo } = await import("../server/leading/lead");
const { sendChatLine } = await import("../server/chat/send");
const { findSeatById } = await import("../server/sessions/participant");
const { answerChannelAuth } = await import("../server/realtime/auth-endpoint");
const { pusherServer } = await import("../server/realtime/publish");
const { channels } = await import("../server/realtime/channels");
const { stopJobSender } = await import("../server/jobs/boss");
const { createAuditorium } = await import("../server/auditorium/create");
const { joinAuditorium } = await import("../server/auditorium/join");

const owner = await db.user.create({ data: { email: "producer@bench.test", name: "Producer" } });
const { org } = await createOrganization(db, { name: "Auditorium Bench", ownerUserId: owner.id });
const ownerMember = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
// The event as staff start it: the creator is seated as producer and holds the baton.
const event = await createAuditorium({ orgId: org.id, membershipId: ownerMember.id }, { title: "Bench keynote", maxAttendees: N });
const sessionId = event.sessionId!;
const producerId = event.producerParticipantId!;
const audienceChannel = channels.sessionAudience(sessionId);

/** An attendee's seat, by the app's join (what the public link's form calls). */
async function createSeat(i: number): Promise<{ participantId: string; cookieId: string }> {
  const cookieId = `bench-attendee-${i}-${randomBytes(4).toString("hex")}`;
  const r = await joinAuditorium({ key: event.joinKey, name: `Attendee ${i}`, visitorCookieId: cookieId });
  if (!r.ok) throw new Error(`join ${i}: ${r.reason}`);
  return { participantId: r.participantId, cookieId };
}

/**
 * WAL fsyncs so far, every process of the cluster (PostgreSQL 18 counts them in pg_stat_io; backends
 * report at most once a second, hence the pause before the second reading). A join commits without
 * waiting for the flush (server/auditorium/join.ts), so the joins should cost the walwriter's few.
 */
async function walFsyncs(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT coalesce(sum(fsyncs), 0)::bigint AS n FROM pg_stat_io WHERE object = 'wal'`;
  return Number(row!.n);
}

// The publish instant: the app's one call into the relay's HTTP API (wrapped here, not replaced).
let publishedAt = 0n;
const pusher = pusherServer();
const triggerBatch = pusher.triggerBatch.bind(pusher);
pusher.triggerBatch = (batch) => {
  publishedAt = process.hrtime.bigint();
  return triggerBatch(batch);
};

// --- attendee processes ---

class Clients {
  private listeners = new Set<(m: FromClients) => void>();
  readonly procs: ChildProcess[];
  readonly joinedPer: number[];
  constructor(url: string, kind: "relay" | "baseline") {
    this.procs = Array.from({ length: CLIENT_PROCESSES }, () => spawnNode(["bench/auditorium-clients.ts", url, kind], process.env, true));
    this.joinedPer = this.procs.map(() => 0);
    this.ready = this.collect("ready", this.procs.length, 60_000);
    this.procs.forEach((p, k) =>
      p.on("message", (m: FromClients) => {
        if (m.type === "joined") this.joinedPer[k]!++;
        if (m.type === "socket") void this.onSocket(p, m);
        for (const l of this.listeners) l(m);
      }),
    );
  }

  authMs: number[] = [];
  seats = new Map<number, { participantId: string; cookieId: string }>();

  private async onSocket(p: ChildProcess, m: Extract<FromClients, { type: "socket" }>) {
    const seat = this.seats.get(m.i)!;
    const own = channels.participant(seat.participantId);
    const t0 = process.hrtime.bigint();
    const sign = async (channel: string): Promise<string> => {
      if (AUTH === "sign") return pusher.authorizeChannel(m.socketId, channel).auth;
      const r = await answerChannelAuth(
        { visitorCookieId: seat.cookieId },
        new URLSearchParams({ socket_id: m.socketId, channel_name: channel }),
      );
      if (r.status !== 200) throw new Error(`auth ${channel}: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { auth: string }).auth;
    };
    const [a, o] = await Promise.all([sign(audienceChannel), sign(own)]);
    this.authMs.push(ns(t0, process.hrtime.bigint()));
    p.send({ type: "auth", i: m.i, audience: a, own: o } satisfies ToClients);
  }

  /** Every process is up (tsx compiled, IPC open): joins are timed from here. */
  readonly ready: Promise<unknown>;

  on(l: (m: FromClients) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  send(k: number, m: ToClients) {
    this.procs[k]!.send(m);
  }

  /** Arms every process for `marker`, runs `fire`, and answers the first and last delivery. */
  async fanout(marker: string, fire: () => Promise<unknown>): Promise<{ t0: bigint; first: bigint; last: bigint; delivered: number }> {
    const armed = this.collect("armed", this.procs.length);
    this.procs.forEach((p, k) => p.send({ type: "arm", marker, expected: this.joinedPer[k]! } satisfies ToClients));
    await armed;
    const expectedProcs = this.joinedPer.filter((n) => n > 0).length;
    const done = this.collect("done", expectedProcs, 30_000);
    const t0 = process.hrtime.bigint();
    await fire();
    const reports = (await done) as Extract<FromClients, { type: "done" }>[];
    const first = reports.reduce((m, r) => (BigInt(r.first) < m ? BigInt(r.first) : m), BigInt(reports[0]!.first));
    const last = reports.reduce((m, r) => (BigInt(r.last) > m ? BigInt(r.last) : m), 0n);
    return { t0, first, last, delivered: reports.reduce((s, r) => s + r.count, 0) };
  }

  private collect(type: "ready" | "armed" | "done", n: number, timeoutMs = 10_000): Promise<FromClients[]> {
    return new Promise((resolve, reject) => {
      const got: FromClients[] = [];
      const timer = setTimeout(
        () => (off(), reject(new Error(`${type}: ${got.length}/${n} client processes answered in ${timeoutMs} ms`))),
        timeoutMs,
      );
      const off = this.on((m) => {
        if (m.type !== type) return;
        got.push(m);
        if (got.length === n) {
          clearTimeout(timer);
          off();
          resolve(got);
        }
      });
    });
  }

  async close() {
    for (const p of this.procs) if (p.exitCode === null) p.send({ type: "close" } satisfies ToClients);
    await Promise.all(this.procs.map((p) => new Promise<void>((r) => (p.exitCode === null ? p.once("exit", () => r()) : r()))));
  }
}

/**
 * Joins N attendees, CONCURRENCY at a time (people arriving together). `seat` makes the seat (or
 * null for the baseline, which has no app); the connection then goes to a client process.
 */
async function joinAll(clients: Clients, seat: ((i: number) => Promise<{ participantId: string; cookieId: string }>) | null) {
  const seatMs: number[] = [];
  const connectMs: number[] = [];
  const totalMs: number[] = [];
  const failures: string[] = [];
  const waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  await clients.ready;
  const off = clients.on((m) => {
    if (m.type === "joined") waiters.get(m.i)?.resolve();
    if (m.type === "failed") waiters.get(m.i)?.reject(new Error(m.error));
  });
  let next = 0;
  const start = process.hrtime.bigint();
  async function lane() {
    while (next < N) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      let s: { participantId: string; cookieId: string };
      try {
        s = seat ? await seat(i) : { participantId: `baseline${i}`, cookieId: "" };
      } catch (e) {
        failures.push((e as Error).message);
        continue;
      }
      const t1 = process.hrtime.bigint();
      clients.seats.set(i, s);
      try {
        await new Promise<void>((resolve, reject) => {
          waiters.set(i, { resolve, reject });
          clients.send(i % CLIENT_PROCESSES, { type: "join", i, audience: audienceChannel, own: channels.participant(s.participantId) });
        });
        const t2 = process.hrtime.bigint();
        seatMs.push(ns(t0, t1));
        connectMs.push(ns(t1, t2));
        totalMs.push(ns(t0, t2));
      } catch (e) {
        failures.push((e as Error).message);
      } finally {
        waiters.delete(i);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const wallMs = ns(start, process.hrtime.bigint());
  off();
  for (const xs of [seatMs, connectMs, totalMs]) xs.sort((a, b) => a - b);
  return { wallMs, seatMs, connectMs, totalMs, failures };
}

// --- baseline: bare ws, same sockets, same payloads ---

console.log(
  `auditorium: ${N} attendees in one AUDITORIUM session, relay in its own process, ${CLIENT_PROCESSES} client processes, ` +
    `${CONCURRENCY} joins at a time, auth=${AUTH}, ${REPS} reps (+${WARMUP} warm-up)`,
);
if (N < requested)
  console.log(
    `(capped at ${N} attendees: the hard open-files limit (ulimit -Hn) is ${hardLimit}; each server holds one socket per attendee)`,
  );
if (softLimit < hardLimit)
  console.log(`(soft open-files limit ${softLimit} raised to ${hardLimit} in the relay, baseline and client processes)`);

// Relay side first: the lead's and the line's exact payloads become the baseline's.
const idleRss = (await sleep(1000), procStats(relay.pid!).rssBytes);
const relayClients = new Clients(relayUrl, "relay");
await relayClients.ready;
const wal0 = await walFsyncs();
const cpu0 = cpuNow(relayClients.procs);
const joins = await joinAll(relayClients, createSeat);
const cpu1 = cpuNow(relayClients.procs);
await sleep(2000);
const wal1 = await walFsyncs();
const loadedRss = procStats(relay.pid!).rssBytes;
const joined = relayClients.joinedPer.reduce((a, b) => a + b, 0);

// The baseline's sockets connect too (untimed against the target, printed for scale), so each
// repetition runs the relay and the baseline back to back under the same load from others.
const baseline = spawnNode(["bench/relay-lib.ts", "baseline"], process.env);
const baseUrl = await listening(baseline, "baseline");
const baseIdleRss = (await sleep(1000), procStats(baseline.pid!).rssBytes);
const baseClients = new Clients(baseUrl, "baseline");
const baseJoins = await joinAll(baseClients, null);
const baseLoadedRss = (await sleep(2000), procStats(baseline.pid!).rssBytes);
const baseJoined = baseClients.joinedPer.reduce((a, b) => a + b, 0);
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const target = { port: Number(new URL(baseUrl).port), appId: APP.id };

type Fan = { first: number; last: number; fromPublish: number; firstFromPublish: number; delivered: number };
const relayLead: Fan[] = [];
const relayLine: Fan[] = [];
const baseLead: Fan[] = [];
const baseLine: Fan[] = [];
const fan = (r: { t0: bigint; first: bigint; last: bigint; delivered: number }, pub: bigint): Fan => ({
  first: ns(r.t0, r.first),
  last: ns(r.t0, r.last),
  fromPublish: ns(pub, r.last),
  firstFromPublish: ns(pub, r.first),
  delivered: r.delivered,
});
/** The bytes the relay delivered, with a fresh marker of the same length, from the bare server. */
async function onBaseline(payload: string, old: string): Promise<Fan> {
  const marker = old.slice(0, -12) + randomBytes(6).toString("hex");
  const data = payload.replace(old, marker);
  const r = await baseClients.fanout(marker, () => trigger(agent, target, audienceChannel, "session.event", data));
  return fan(r, r.t0);
}
/** The producer's call through the relay, timed from the call and from its publish. */
async function onRelay(kind: "lead" | "line", rep: number): Promise<{ fan: Fan; payload: string; marker: string }> {
  const marker =
    kind === "lead" ? `/slides/${rep}-${randomBytes(6).toString("hex")}` : `stage line ${rep}-${randomBytes(6).toString("hex")}`;
  let payload = "";
  const r = await relayClients.fanout(marker, async () => {
    const seat = (await findSeatById(producerId))!;
    const wire =
      kind === "lead"
        ? await leadTo(seat, { url: `${origin}${marker}` })
        : await sendChatLine(seat, { text: marker, clientEventId: `bench-${rep}-${randomBytes(4).toString("hex")}` });
    payload = JSON.stringify(wire);
  });
  return { fan: fan(r, publishedAt), payload, marker };
}
// The warm-up goes through the relay first (its payloads become the baseline's); after that the two
// take turns going first, so neither always runs right after the other's burst.
const last = { lead: { payload: "", marker: "" }, line: { payload: "", marker: "" } };
for (let rep = 0; rep < WARMUP + REPS; rep++) {
  for (const kind of ["lead", "line"] as const) {
    let relayFan: Fan;
    let baseFan: Fan;
    if (rep % 2 === 0) {
      const r = await onRelay(kind, rep);
      last[kind] = r;
      relayFan = r.fan;
      await sleep(100);
      baseFan = await onBaseline(last[kind].payload, last[kind].marker);
    } else {
      baseFan = await onBaseline(last[kind].payload, last[kind].marker);
      await sleep(100);
      const r = await onRelay(kind, rep);
      last[kind] = r;
      relayFan = r.fan;
    }
    await sleep(100);
    if (rep < WARMUP) continue;
    (kind === "lead" ? relayLead : relayLine).push(relayFan);
    (kind === "lead" ? baseLead : baseLine).push(baseFan);
  }
}
agent.destroy();
await Promise.all([relayClients.close(), baseClients.close()]);
await Promise.all([stop(relay), stop(baseline)]);

// --- summary ---

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const kb = (loadedRss - idleRss) / Math.max(1, joined) / 1024;
const pick = (xs: Fan[], k: keyof Fan) => median(xs.map((x) => x[k]));
const baseLeadLast = pick(baseLead, "last");
const baseLineLast = pick(baseLine, "last");
const authSorted = [...relayClients.authMs].sort((a, b) => a - b);
console.log("");
console.log(
  `joins: ${joined}/${N} attendees joined in ${(joins.wallMs / 1000).toFixed(1)} s (${(joined / (joins.wallMs / 1000)).toFixed(0)} joins/s)   target < 60 s: ${verdict(joins.wallMs < 60_000 && joined === N)}`,
);
console.log(
  `  (bare ws baseline: ${baseJoined} sockets connected and subscribed to the same two channels in ${(baseJoins.wallMs / 1000).toFixed(1)} s, no seat, no auth)`,
);
if (joins.failures.length) console.log(`  ${joins.failures.length} joins failed; first: ${joins.failures[0]}`);
console.log(`  per join ms            p50      p99`);
console.log(`  whole join        ${f1(percentile(joins.totalMs, 50)).padStart(8)} ${f1(percentile(joins.totalMs, 99)).padStart(8)}`);
console.log(`  seat creation     ${f1(percentile(joins.seatMs, 50)).padStart(8)} ${f1(percentile(joins.seatMs, 99)).padStart(8)}`);
console.log(
  `  connect+subscribe ${f1(percentile(joins.connectMs, 50)).padStart(8)} ${f1(percentile(joins.connectMs, 99)).padStart(8)}   (of which channel auth, 2 channels: ${f1(percentile(authSorted, 50))} / ${f1(percentile(authSorted, 99))})`,
);
{
  const per = (k: keyof typeof cpu0) => ((cpu1[k] - cpu0[k]) * 1000) / Math.max(1, joined);
  const total = per("app") + per("db") + per("relay") + per("clients");
  console.log(
    `  CPU per join: app ${per("app").toFixed(2)} ms, PostgreSQL ${per("db").toFixed(2)} ms, relay ${per("relay").toFixed(2)} ms, clients ${per("clients").toFixed(2)} ms` +
      ` = ${total.toFixed(2)} ms (load average now ${loadavg()[0]!.toFixed(1)})`,
  );
  // The CPU floor says what this machine could do alone; the attendees' side is browsers elsewhere in production.
  const floor = (ms: number) => ((ms * N) / cpus / 1000).toFixed(1);
  console.log(
    `  WAL fsyncs per join: ${((wal1 - wal0) / Math.max(1, joined)).toFixed(3)} (a join's commit does not wait for one; about 1 if it did)`,
  );
  console.log(
    `  CPU floor on ${cpus} idle cores for ${N} joins: ${floor(total)} s; without the client processes (browsers in production): ${floor(total - per("clients"))} s`,
  );
}
console.log(
  `relay RSS: ${(idleRss / 2 ** 20).toFixed(0)} MB idle, ${(loadedRss / 2 ** 20).toFixed(0)} MB with ${joined} attendees: ${f1(kb)} KB per attendee   target < 20 KB: ${verdict(kb < 20)}`,
);
console.log(
  `  (bare ws baseline: ${f1((baseLoadedRss - baseIdleRss) / Math.max(1, baseJoined) / 1024)} KB per socket with the same two subscriptions)`,
);
console.log("");
console.log(`fan-out to ${joined} attendees (baseline ${baseJoined} sockets), median of ${REPS}, ms     first     last`);
console.log(
  `  bare ws baseline, lead payload: POST -> delivery     ${f1(pick(baseLead, "first")).padStart(8)} ${f1(baseLeadLast).padStart(8)}`,
);
console.log(
  `  bare ws baseline, line payload: POST -> delivery     ${f1(pick(baseLine, "first")).padStart(8)} ${f1(baseLineLast).padStart(8)}`,
);
console.log(
  `  lead (leadTo): call -> delivery                      ${f1(pick(relayLead, "first")).padStart(8)} ${f1(pick(relayLead, "last")).padStart(8)}`,
);
console.log(
  `  lead: relay publish -> delivery                      ${f1(pick(relayLead, "firstFromPublish")).padStart(8)} ${f1(pick(relayLead, "fromPublish")).padStart(8)}`,
);
console.log(
  `  stage line (sendChatLine): call -> delivery          ${f1(pick(relayLine, "first")).padStart(8)} ${f1(pick(relayLine, "last")).padStart(8)}`,
);
console.log(
  `  stage line: relay publish -> delivery                ${f1(pick(relayLine, "firstFromPublish")).padStart(8)} ${f1(pick(relayLine, "fromPublish")).padStart(8)}`,
);
const short = [...relayLead, ...relayLine, ...baseLead, ...baseLine].filter((x) => x.delivered !== joined).length;
if (short) console.log(`  ${short} fan-outs reached fewer than ${joined} attendees`);
console.log("");
const ratio = (name: string, x: number, base: number) => {
  const r = x / base;
  console.log(`  ${name.padEnd(44)} ${r.toFixed(2)}x   target <= 1.5x: ${verdict(r <= 1.5)}`);
};
console.log("last delivery / baseline's last delivery:");
ratio("lead, relay publish -> last", pick(relayLead, "fromPublish"), baseLeadLast);
ratio("stage line, relay publish -> last", pick(relayLine, "fromPublish"), baseLineLast);
ratio("lead, leadTo call -> last (probe + DB too)", pick(relayLead, "last"), baseLeadLast);
ratio("stage line, sendChatLine call -> last (DB too)", pick(relayLine, "last"), baseLineLast);

await sink.close();
page.close();
await stopJobSender();
await disconnectDb();
await database.close();
process.exit(0);
