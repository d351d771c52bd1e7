// Chat through the whole path: tRPC `sessions.send` (in-process caller) -> PostgreSQL (archive, seq)
// -> the relay (its own process) -> a WebSocket subscriber per session. N sessions (default 500)
// each send R lines per second (default 2) for S seconds (default 10). Reports send-to-delivery
// p50/p99 and the throughput reached; baseline in the same run: the database write alone
// (appendEvents in its transaction), timed the same way.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import WebSocket from "ws";
import { throwawayDatabase } from "./lib";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = "bench-chat-secret-0123456789";

const database = await throwawayDatabase();
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef0123", PUSHER_SECRET: SECRET });
const { findFreePort } = await import("../scripts/lib/postgres");
const relayPort = await findFreePort(18100);
process.env.RELAY_PORT = String(relayPort);
const relay = spawn(process.execPath, ["--import", "tsx", "relay/main.ts"], {
  env: { ...process.env, RELAY_PORT: String(relayPort), LOG_LEVEL: "error", RELAY_WEBHOOK_URL: "http://127.0.0.1:9/unused" },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((r) => relay.stdout!.on("data", (b: Buffer) => b.toString().includes("listening") && r()));

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { createCaller } = await import("../server/api/root");
const { createContext } = await import("../server/api/trpc");
const { appendEvents } = await import("../server/archive/append");
const { stopJobSender } = await import("../server/jobs/boss");

// N live sessions, each with an agent seat and a visitor seat.
const owner = await db.user.create({ data: { email: "owner@bench.test", name: "Owner" } });
const { org, launcher, scenarios } = await createOrganization(db, { name: "Chat Bench", ownerUserId: owner.id });
const scenario = scenarios.find((s) => s.kind === "ONE_ON_ONE")!;
const ownerMember = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
const sessions: { id: string; orgId: string }[] = [];
for (let i = 0; i < SESSIONS; i++) {
  const v = await db.visitor.create({ data: { orgId: org.id, cookieId: `bench-visitor-${i}`, name: `V${i}` } });
  const s = await db.session.create({ data: { orgId: org.id, scenarioId: scenario.id, launcherId: launcher.id, kind: "ONE_ON_ONE" } });
  const agent = await db.participant.create({ data: { orgId: org.id, sessionId: s.id, role: "AGENT", membershipId: ownerMember.id, displayName: "Owner", canLead: true } });
  await db.participant.create({ data: { orgId: org.id, sessionId: s.id, role: "VISITOR", visitorId: v.id, displayName: v.name! } });
  await db.session.update({ where: { id: s.id }, data: { leaderParticipantId: agent.id } });
  sessions.push({ id: s.id, orgId: org.id });
}

// One subscriber per session, on the session's audience channel, through the real handshake.
const sentAt = new Map<string, number>();
const latencies: number[] = [];
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
            const t = sentAt.get(id);
            if (t !== undefined) latencies.push(performance.now() - t);
          }
        });
      }),
  ),
);

const api = createCaller(createContext({ user: { id: owner.id, email: owner.email, name: owner.name } }));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

// Baseline: the archive write alone, same sessions, same pacing (a short run).
const dbTimes: number[] = [];
for (let i = 0; i < 300; i++) {
  const s = sessions[i % sessions.length]!;
  const t = performance.now();
  await db.$transaction((tx) => appendEvents(tx, { orgId: s.orgId, sessionId: s.id, events: [{ type: "chat", payload: { text: "baseline" } }] }));
  dbTimes.push(performance.now() - t);
}

// Measured: every session sends RATE lines per second, spread evenly, for SECONDS.
let seq = 0;
let failed = 0;
const inflight = new Set<Promise<unknown>>();
const intervalMs = 1000 / (SESSIONS * RATE);
const start = performance.now();
const total = SESSIONS * RATE * SECONDS;
for (let n = 0; n < total; n++) {
  const due = start + n * intervalMs;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const s = sessions[n % sessions.length]!;
  const clientEventId = `bench${(seq++).toString(36).padStart(8, "0")}`;
  sentAt.set(clientEventId, performance.now());
  const p = api.sessions.send({ sessionId: s.id, text: `line ${n}`, clientEventId }).catch((e: unknown) => {
    if (failed++ === 0) console.error(`first failed send: ${(e as Error).message}`);
  });
  inflight.add(p);
  void p.finally(() => inflight.delete(p));
}
await Promise.all(inflight);
const sendDoneMs = performance.now() - start;
const deadline = performance.now() + 10_000;
while (latencies.length < total - failed && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const elapsed = (performance.now() - start) / 1000;

const p50 = pct(latencies, 50);
const dbP50 = pct(dbTimes, 50);
console.log(`chat: ${SESSIONS} sessions x ${RATE} lines/s for ${SECONDS} s = ${total} lines (offered ${SESSIONS * RATE}/s)`);
console.log(`  baseline: archive write alone   p50 ${dbP50.toFixed(1)} ms, p99 ${pct(dbTimes, 99).toFixed(1)} ms   1.00x`);
console.log(`  tRPC -> DB -> relay -> socket   p50 ${p50.toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms   ${(p50 / dbP50).toFixed(2)}x (p50)`);
console.log(`  delivered ${latencies.length}/${total} (${failed} sends failed), ${(latencies.length / elapsed).toFixed(0)} lines/s reached; sending took ${(sendDoneMs / 1000).toFixed(1)} s`);

for (const ws of sockets) ws.terminate();
relay.kill("SIGTERM");
await stopJobSender();
await disconnectDb();
await database.close();
