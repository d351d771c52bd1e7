// Co-browsing through the real relay, in real Chromium (docs/cobrowse.md): a 5,000-node page.
// 1. Snapshot size: the first full snapshot's JSON, raw and gzipped (what the wire chunks carry).
// 2. Consent to first mirrored frame: the visitor's tab connects, is authorized, records, sends the
//    chunked snapshot paced under the relay's 10/s; the mirror (already subscribed) rebuilds it.
// 3. Burst: 100 text mutations/s for 5 s; mutation-to-mirror latency p50/p99, against the baseline
//    of the relay delivering the same wire bytes on the same schedule (no recording, no pacing
//    wait, no replay), measured in this run. Both pages share one clock (one browser).
import { existsSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Pusher from "pusher";
import { chromium } from "playwright-core";
import { startRelay } from "../relay/server";
import { APP, percentile } from "./relay-lib";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.log("SKIPPED: Chromium not found at /usr/bin/chromium");
  process.exit(0);
}
const ITEMS = 1000; // 5 nodes each: <li>, <a>, its text, <span>, its text
const BURST_N = 500;
const BURST_RATE = 100;
const CHANNEL = "private-cobrowse-bench";

const relay = await startRelay({ host: "127.0.0.1", port: 0, apps: [APP], log: () => {} });
const pusher = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(relay.port), useTLS: false });
// The auth endpoint's job, signed with the app's secret (the product's is server/cobrowse/pairing.ts).
const auth = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    const headers = { "Access-Control-Allow-Origin": "*", "Content-Type": "application/json" };
    if (req.method !== "POST") return res.writeHead(204, headers).end();
    const b = JSON.parse(body) as { socket_id: string; channel_name: string };
    res.writeHead(200, headers).end(JSON.stringify(pusher.authorizeChannel(b.socket_id, b.channel_name)));
  });
});
await new Promise<void>((r) => auth.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(auth.address() as { port: number }).port}`;
const pairing = {
  state: "ready",
  token: "bench",
  sessionId: "bench",
  channel: CHANNEL,
  agentName: "Agent",
  maskSelectors: [],
  consented: true,
  control: false,
  realtime: { key: APP.key, wsHost: "127.0.0.1", wsPort: relay.port, forceTLS: false },
};

const { build } = await import("esbuild");
const bundle = async (file: string) =>
  (
    await build({
      entryPoints: [path.join(import.meta.dirname, "cobrowse", file)],
      bundle: true,
      write: false,
      format: "iife",
      minify: true,
      logLevel: "silent",
    })
  ).outputFiles[0]!.text;
const [visitorJs, mirrorJs] = await Promise.all([bundle("visitor.ts"), bundle("mirror.ts")]);

const items = Array.from({ length: ITEMS }, (_, i) => `<li><a href="/p/${i}">Item ${i}</a><span>Detail ${i}</span></li>`).join("");
const PAGE = `<!doctype html><html><head><title>Bench</title><style>li{padding:2px}</style></head><body><h1 id="target">start</h1><ul>${items}</ul></body></html>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  const mirror = await browser.newPage();
  await mirror.setContent(`<!doctype html><html><body><div id="stage"></div></body></html>`);
  await mirror.addScriptTag({ content: mirrorJs });
  const visitor = await browser.newPage();
  await visitor.setContent(PAGE);
  await visitor.addScriptTag({ content: visitorJs });
  const nodes = await visitor.evaluate(() => {
    let n = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) n++;
    return n;
  });
  const elements = await visitor.evaluate(() => document.getElementsByTagName("*").length);
  await mirror.evaluate(
    ([b, p, n]) => (window as unknown as { benchMirror: (b: unknown, p: unknown, n: unknown) => Promise<void> }).benchMirror(b, p, n),
    [base, pairing, elements] as const,
  );

  // 1 + 2: consent -> first frame.
  const consentAt = await visitor.evaluate(
    ([b, p]) => (window as unknown as { benchShare: (b: unknown, p: unknown) => Promise<number> }).benchShare(b, p),
    [base, pairing] as const,
  );
  let first = 0;
  for (let i = 0; i < 200 && !first; i++) {
    await new Promise((r) => setTimeout(r, 50));
    first = await mirror.evaluate(() => (window as unknown as { benchFirstFrame: () => number }).benchFirstFrame());
  }
  const snapshot = await visitor.evaluate(() => (window as unknown as { benchSnapshot: () => string }).benchSnapshot());
  const snapGz = gzipSync(snapshot).length;
  await new Promise((r) => setTimeout(r, 1500)); // let the pacer's bucket refill before the burst

  // 3: the burst through the product's path.
  const burstStart = await visitor.evaluate(() => performance.timeOrigin + performance.now());
  const changedAt = await visitor.evaluate(
    ([n, r]) => (window as unknown as { benchBurst: (n: number, r: number) => Promise<number[]> }).benchBurst(n, r),
    [BURST_N, BURST_RATE] as const,
  );
  await new Promise((r) => setTimeout(r, 2000));
  const seen = new Map(await mirror.evaluate(() => (window as unknown as { benchSeen: () => [number, number][] }).benchSeen()));
  const lat = changedAt
    .map((t, i) => (seen.has(i) ? seen.get(i)! - t : NaN))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  const sent = await visitor.evaluate(
    (t) => (window as unknown as { benchSentSince: (t: number) => { at: number; piece: unknown }[] }).benchSentSince(t),
    burstStart,
  );
  const wireBytes = sent.reduce((s, x) => s + JSON.stringify(x.piece).length, 0);

  // Baseline: the same pieces, same schedule, raw.
  await new Promise((r) => setTimeout(r, 1500));
  const rawSentAt = await visitor.evaluate(
    (log) => (window as unknown as { benchRaw: (l: unknown) => Promise<number[]> }).benchRaw(log),
    sent,
  );
  await new Promise((r) => setTimeout(r, 1500));
  const rawSeen = new Map(await mirror.evaluate(() => (window as unknown as { benchRawSeen: () => [number, number][] }).benchRawSeen()));
  const raw = rawSentAt
    .map((t, i) => (rawSeen.has(i) ? rawSeen.get(i)! - t : NaN))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);

  const p = (xs: number[], q: number) => (xs.length ? percentile(xs, q) : NaN);
  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} (2 cores)`,
  );
  console.log(`page: ${nodes} nodes (${elements} elements)`);
  console.log(`snapshot: ${snapshot.length} bytes JSON, ${snapGz} bytes gzipped (ratio ${(snapGz / snapshot.length).toFixed(3)})`);
  console.log(`consent -> first mirrored frame: ${first ? (first - consentAt).toFixed(0) : "not reached"} ms (target < 1000)`);
  console.log(
    `burst: ${BURST_N} mutations at ${BURST_RATE}/s -> ${sent.length} wire events (${wireBytes} bytes), ${lat.length}/${BURST_N} mutations seen in the mirror`,
  );
  console.log(`                          p50 ${f(p(lat, 50))} ms   p99 ${f(p(lat, 99))} ms   max ${f(lat[lat.length - 1] ?? NaN)} ms`);
  console.log(
    `baseline (raw relay, same bytes): p50 ${f(p(raw, 50))} ms   p99 ${f(p(raw, 99))} ms   (${raw.length}/${sent.length} delivered)`,
  );
  console.log(
    `ratio mutation-to-mirror / raw:   p50 ${(p(lat, 50) / p(raw, 50)).toFixed(1)}x   p99 ${(p(lat, 99) / p(raw, 99)).toFixed(1)}x   (target p99 < 150 ms)`,
  );
} finally {
  await browser.close();
  auth.close();
  await relay.close();
}
