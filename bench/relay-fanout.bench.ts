// Fan-out: N subscribers (BENCH_SUBSCRIBERS, default 10,000) on one private channel, a 200-byte
// event triggered over the HTTP API, ~20 repetitions. Baseline: a bare ws server that frames once
// and writes to the same number of sockets (bench/relay-lib.ts). Printed as relay/baseline ratios.
// Subscribers live in two child processes and complete the real handshake with auth.
import { Agent } from "node:http";
import { Redis } from "ioredis";
import Pusher from "pusher";
import {
  APP,
  SubscriberProcess,
  fdLimit,
  fmt,
  ms,
  percentile,
  procStats,
  sleep,
  startBaselineProcess,
  startRelayProcess,
  webhookSink,
  type ServerProcess,
} from "./relay-lib";

const REPS = Number(process.env.BENCH_REPS ?? 20);
const WARMUP = 3;
const SUBSCRIBER_PROCESSES = 2;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

// Every socket is a file descriptor in the server process (and half of them in each subscriber
// process); the soft limit cannot be raised from Node, so cap N below it with room to spare.
const limit = fdLimit();
const requested = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const N = Math.min(requested, limit - 300) - (Math.min(requested, limit - 300) % SUBSCRIBER_PROCESSES);
if (N < requested) console.log(`(capped at ${N} subscribers: ulimit -n is ${limit})`);

const DATA = JSON.stringify({ seq: 0, pad: "x".repeat(200 - 22) });

interface Result {
  name: string;
  firstP50: number;
  firstP99: number;
  lastP50: number;
  lastP99: number;
  deliveriesPerSec: number;
  cpuMsPerMessage: number;
  /** CPU the subscriber processes spent receiving, per event: they share the machine's cores. */
  clientCpuMsPerMessage: number;
  rssMb: number;
  kbPerConnection: number;
}

async function redisReachable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => undefined);
  const ok = await r.connect().then(
    () => true,
    () => false,
  );
  r.disconnect();
  return ok;
}

async function measure(name: string, server: ServerProcess, baseline: boolean): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const sdk = new Pusher({
    appId: server.appId,
    key: APP.key,
    secret: APP.secret,
    host: "127.0.0.1",
    port: String(server.port),
    useTLS: false,
    agent,
  });
  await sleep(500);
  const idle = procStats(server.pid).rssBytes;
  const per = N / SUBSCRIBER_PROCESSES;
  const subs = Array.from({ length: SUBSCRIBER_PROCESSES }, () =>
    SubscriberProcess.spawn(server.url, { mode: "fanout", channel: "private-auditorium-1", count: per }, baseline),
  );
  await Promise.all(subs.map((s) => s.next("ready")));
  await sleep(1000);
  const loaded = procStats(server.pid).rssBytes;

  const firsts: number[] = [];
  const lasts: number[] = [];
  let cpuStart = 0;
  let clientCpuStart = 0;
  const clientCpu = () => subs.reduce((sum, s) => sum + procStats(s.child.pid!).cpuSec, 0);
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    await Promise.all(subs.map((s) => (s.send({ type: "arm", expected: per }), s.next("armed"))));
    if (rep === WARMUP) {
      cpuStart = procStats(server.pid).cpuSec;
      clientCpuStart = clientCpu();
    }
    const done = Promise.all(subs.map((s) => s.next("done")));
    const t0 = process.hrtime.bigint();
    await sdk.trigger("private-auditorium-1", "slide", DATA);
    const reports = await done;
    if (rep < WARMUP) continue;
    firsts.push(ms(reports.reduce((m, r) => (BigInt(r.first) < m ? BigInt(r.first) : m), BigInt(reports[0]!.first)) - t0));
    lasts.push(ms(reports.reduce((m, r) => (BigInt(r.last) > m ? BigInt(r.last) : m), BigInt(reports[0]!.last)) - t0));
    await sleep(50);
  }
  const cpuSec = procStats(server.pid).cpuSec - cpuStart;
  const clientCpuSec = clientCpu() - clientCpuStart;
  await Promise.all(subs.map((s) => s.close()));
  agent.destroy();
  firsts.sort((a, b) => a - b);
  lasts.sort((a, b) => a - b);
  const lastP50 = percentile(lasts, 50);
  return {
    name,
    firstP50: percentile(firsts, 50),
    firstP99: percentile(firsts, 99),
    lastP50,
    lastP99: percentile(lasts, 99),
    deliveriesPerSec: N / (lastP50 / 1000),
    cpuMsPerMessage: (cpuSec * 1000) / REPS,
    clientCpuMsPerMessage: (clientCpuSec * 1000) / REPS,
    rssMb: loaded / 2 ** 20,
    kbPerConnection: (loaded - idle) / N / 1024,
  };
}

const sink = await webhookSink();
const results: Result[] = [];
async function run(name: string, start: () => Promise<ServerProcess>, baseline = false) {
  const server = await start();
  try {
    results.push(await measure(name, server, baseline));
  } finally {
    await server.stop();
  }
}

console.log(`relay fan-out: ${N} subscribers on one private channel, 200-byte event via the HTTP API, ${REPS} reps (+${WARMUP} warm-up)`);
await run("bare ws (baseline)", startBaselineProcess, true);
await run("relay, 1 process", () => startRelayProcess({ workers: 1, webhookUrl: sink.url }));
if (await redisReachable()) {
  const appId = `bench-${process.pid}`;
  await run("relay, 2 workers + Redis", () => startRelayProcess({ workers: 2, redisUrl: REDIS_URL, appId, webhookUrl: sink.url }));
  const redis = new Redis(REDIS_URL);
  const left = await redis.keys(`relay:${appId}:*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
} else {
  console.log(`(Redis at ${REDIS_URL} unreachable: cluster mode skipped)`);
}
await sink.close();

const base = results[0]!;
console.log("");
console.log("                           first delivery ms    last delivery ms    deliveries/s  server CPU  client CPU   server   memory");
console.log("                              p50      p99        p50      p99                     ms/event    ms/event     RSS MB   KB/conn");
for (const r of results) {
  console.log(
    `${r.name.padEnd(26)}${fmt(r.firstP50)} ${fmt(r.firstP99)}   ${fmt(r.lastP50)} ${fmt(r.lastP99)}   ${fmt(r.deliveriesPerSec, 0).padStart(12)} ${fmt(r.cpuMsPerMessage)}    ${fmt(r.clientCpuMsPerMessage)}   ${fmt(r.rssMb, 0)} ${fmt(r.kbPerConnection)}`,
  );
}
console.log("");
for (const r of results.slice(1)) {
  console.log(
    `${r.name.padEnd(26)} / baseline: last delivery p50 ${(r.lastP50 / base.lastP50).toFixed(2)}x, p99 ${(r.lastP99 / base.lastP99).toFixed(2)}x, ` +
      `CPU ${(r.cpuMsPerMessage / base.cpuMsPerMessage).toFixed(2)}x, memory/conn ${(r.kbPerConnection / base.kbPerConnection).toFixed(2)}x`,
  );
}
