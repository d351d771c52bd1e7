// The bench's visitor page script: the bundle's own pieces (rrweb record with the bundle's masking
// options, TabSender pacing/chunking, TabRelay) without the consent UI, plus hooks to time them.
import { record } from "@rrweb/record";
import { COBROWSE_EVENT, type PairAnswer, type RrEvent } from "../../lib/cobrowse";
import { makeMasker, maskOptions } from "../../cobrowse/mask";
import { TabRelay } from "../../cobrowse/relay";
import { TabSender } from "../../cobrowse/sender";

type Ready = Extract<PairAnswer, { state: "ready" }>;
const now = () => performance.timeOrigin + performance.now();
const sentLog: { at: number; piece: unknown }[] = [];
let relay: TabRelay;
let snapshotJson = "";

(window as unknown as Record<string, unknown>).benchShare = (base: string, pairing: Ready) =>
  new Promise<number>((resolve) => {
    const consentAt = now();
    const masker = makeMasker([])!;
    const sender = new TabSender("bench", (piece) => {
      sentLog.push({ at: now(), piece });
      return relay.trigger(COBROWSE_EVENT, piece);
    });
    let started = false;
    relay = new TabRelay(
      base,
      () => pairing,
      () => {},
      () => {
        if (started) return;
        started = true;
        const full: RrEvent[] = [];
        record({
          emit: (e) => {
            const ev = e as unknown as RrEvent;
            if (full.length < 2 && (ev.type === 4 || ev.type === 2)) {
              full.push(ev);
              if (full.length === 2) snapshotJson = JSON.stringify(full);
            }
            sender.event(ev);
          },
          ...maskOptions(masker),
          // Every keystroke (not input: "last", which in rrweb 2 listens to `change` only, so the
          // agent saw a field's text only once the visitor left it); the sender batches them.
          sampling: { mousemove: 50, scroll: 100 },
        });
      },
      (why) => console.error("refused", why),
    );
    relay.connect();
    resolve(consentAt);
  });

(window as unknown as Record<string, unknown>).benchSnapshot = () => snapshotJson;

/** `n` text changes at `rate`/s on one element; resolves with each change's time. */
(window as unknown as Record<string, unknown>).benchBurst = (n: number, rate: number) =>
  new Promise<number[]>((resolve) => {
    const el = document.getElementById("target")!;
    const at: number[] = [];
    let i = 0;
    const start = now();
    const tick = () => {
      while (i < n && now() >= start + (i * 1000) / rate) {
        el.textContent = `m${i}`;
        at.push(now());
        i++;
      }
      if (i < n) setTimeout(tick, 2);
      else resolve(at);
    };
    tick();
  });

(window as unknown as Record<string, unknown>).benchSentSince = (t: number) => sentLog.filter((s) => s.at >= t);

/** The baseline: the same wire bytes, on the same schedule, straight through the relay. */
(window as unknown as Record<string, unknown>).benchRaw = (log: { at: number; piece: unknown }[]) =>
  new Promise<number[]>((resolve) => {
    const at: number[] = [];
    const t0 = now();
    const base = log[0]?.at ?? 0;
    let i = 0;
    const tick = () => {
      while (i < log.length && now() >= t0 + (log[i]!.at - base)) {
        at.push(now());
        relay.trigger("client-raw", { raw: i, piece: log[i]!.piece });
        i++;
      }
      if (i < log.length) setTimeout(tick, 1);
      else resolve(at);
    };
    tick();
  });
