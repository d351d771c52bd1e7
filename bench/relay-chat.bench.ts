// Chat: BENCH_PAIRS (default 2,000) two-person private channels, one message per second in each,
// measured over BENCH_SECONDS (default 10). Trigger-to-delivery latency p50/p99 for chat lines
// published over the HTTP API (the app's path: the server publishes after commit) and for client
// events (typing). Baseline: the bare ws server of bench/relay-lib.ts under the same load.
// Both servers run side by side and the load alternates between them in short rounds, so the
// machine's other load (this is a shared 2-core box) falls on both alike; ratios are printed.
import { Agent } from "node:http";
import {
  SubscriberProcess,
  fmt,
  ms,
  percentile,
  procStats,
  sleep,
  startBaselineProcess,
  startRelayProcess,
  trigger,
  webhookSink,
  type ServerProcess,
} from "./relay-lib";

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUND_SECONDS = 2;
const ROUNDS = Math.max(1, Math.round(SECONDS / ROUND_SECONDS));
// One unmeasured round per target first: JIT and the HTTP keep-alive pool warming up otherwise
// put hundreds of ms into the first second's tail.
const WARMUP_SECONDS = 2;
const SUBSCRIBER_PROCESSES = 2;

interface Target {
  name: string;
  server: ServerProcess;
  subs: SubscriberProcess[];
  agent: Agent;
  latencies: number[];
  expected: number;
  cpuSec: number;
}

let nextId = 0;

/** Every channel gets one chat line a second, spread evenly over the second. */
async function httpRound(t: Target, seconds: number, measured: boolean) {
  const count = PAIRS * seconds;
  const firstId = nextId;
  nextId += count;
  const sentAt = new Map<number, bigint>();
  const cpu0 = procStats(t.server.pid).cpuSec;
  const start = performance.now();
  let sent = 0;
  const pending = new Set<Promise<void>>();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * PAIRS));
      for (; sent < due; sent++) {
        const id = firstId + sent;
        sentAt.set(id, process.hrtime.bigint());
        const p = trigger(
          t.agent,
          t.server,
          `private-session-${id % PAIRS}`,
          "line",
          JSON.stringify({ text: `#id:${id}#`, from: "agent" }),
        );
        const tracked = p.catch(() => undefined).finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
      if (sent >= count) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await Promise.all([...pending]);
  await sleep(300);
  const cpu = procStats(t.server.pid).cpuSec - cpu0;
  for (const s of t.subs) {
    s.send({ type: "collect" });
    const { ids, times } = await s.next("samples");
    if (!measured) continue;
    ids.forEach((id, i) => {
      const at = sentAt.get(id);
      if (at !== undefined) t.latencies.push(ms(BigInt(times[i]!) - at));
    });
  }
  if (measured) {
    t.expected += count * 2;
    t.cpuSec += cpu;
  }
}

/** One person per channel sends a client event a second; the other receives it. */
async function clientEventRound(t: Target, seconds: number, measured: boolean) {
  const cpu0 = procStats(t.server.pid).cpuSec;
  for (const s of t.subs) s.send({ type: "client-events", durationMs: seconds * 1000 - 1 });
  await sleep(seconds * 1000 + 300);
  const cpu = procStats(t.server.pid).cpuSec - cpu0;
  for (const s of t.subs) {
    s.send({ type: "collect" });
    const { latenciesNs } = await s.next("samples");
    if (measured) t.latencies.push(...latenciesNs.map((ns) => ns / 1e6));
  }
  if (measured) {
    t.expected += PAIRS * seconds;
    t.cpuSec += cpu;
  }
}

async function target(name: string, server: ServerProcess, baseline: boolean): Promise<Target> {
  const per = PAIRS / SUBSCRIBER_PROCESSES;
  const subs = Array.from({ length: SUBSCRIBER_PROCESSES }, (_, i) =>
    SubscriberProcess.spawn(server.url, { mode: "pairs", prefix: "private-session-", first: i * per, pairs: per }, baseline),
  );
  await Promise.all(subs.map((s) => s.next("ready")));
  return { name, server, subs, agent: new Agent({ keepAlive: true, maxSockets: 32 }), latencies: [], expected: 0, cpuSec: 0 };
}

const sink = await webhookSink();
const base = await startBaselineProcess();
const relay = await startRelayProcess({ workers: 1, webhookUrl: sink.url });
const targets = [await target("bare ws (baseline)", base, true), await target("relay, 1 process", relay, false)];
await sleep(500);

const report: {
  title: string;
  rows: { name: string; p50: number; p99: number; max: number; received: number; expected: number; cpu: number }[];
}[] = [];
for (const [title, round] of [
  ["chat lines via the HTTP API (both people receive)", httpRound],
  ["client events (the other person receives)", clientEventRound],
] as const) {
  for (const t of targets) {
    t.latencies = [];
    t.expected = 0;
    t.cpuSec = 0;
    await round(t, WARMUP_SECONDS, false);
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first, so neither always follows the other's after-effects.
    for (const t of r % 2 === 0 ? targets : [...targets].reverse()) await round(t, ROUND_SECONDS, true);
  }
  report.push({
    title,
    rows: targets.map((t) => {
      const l = t.latencies.sort((a, b) => a - b);
      return {
        name: t.name,
        p50: percentile(l, 50),
        p99: percentile(l, 99),
        max: l[l.length - 1] ?? NaN,
        received: l.length,
        expected: t.expected,
        cpu: (t.cpuSec / (ROUNDS * ROUND_SECONDS)) * 100,
      };
    }),
  });
}

for (const t of targets) {
  await Promise.all(t.subs.map((s) => s.close()));
  t.agent.destroy();
}
await Promise.all([base.stop(), relay.stop(), sink.close()]);

console.log(
  `relay chat: ${PAIRS} two-person private channels, 1 message/s each (${PAIRS}/s), ${ROUNDS} rounds of ${ROUND_SECONDS} s per server, alternating, after ${WARMUP_SECONDS} s warm-up`,
);
console.log("");
for (const { title, rows } of report) {
  console.log(title);
  console.log("                            p50 ms    p99 ms    max ms      delivered     server CPU");
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(24)}${fmt(r.p50, 2)}  ${fmt(r.p99, 2)}  ${fmt(r.max, 1)}   ${`${r.received}/${r.expected}`.padStart(12)}   ${fmt(r.cpu, 0)} %`,
    );
  }
  const [b, r] = rows as [(typeof rows)[number], (typeof rows)[number]];
  console.log(
    `  relay / baseline: p50 ${(r.p50 / b.p50).toFixed(2)}x, p99 ${(r.p99 / b.p99).toFixed(2)}x, CPU ${(r.cpu / b.cpu).toFixed(2)}x`,
  );
  console.log("");
}
