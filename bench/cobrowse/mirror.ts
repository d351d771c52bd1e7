// The bench's mirror page script: the mirror's own way of applying events (components/cobrowse/
// mirror.tsx: ChunkAssembler, rrweb Replayer in live mode with a future baseline), timing when
// the first frame is built and when each burst mutation shows in the mirrored DOM.
import { Replayer } from "@rrweb/replay";
import { ChunkAssembler, type PairAnswer, type VisitorToAgent } from "../../lib/cobrowse";
import { TabRelay } from "../../cobrowse/relay";

type Ready = Extract<PairAnswer, { state: "ready" }>;
const now = () => performance.timeOrigin + performance.now();
const w = window as unknown as Record<string, unknown>;
let firstFrameAt = 0;
const seenAt = new Map<number, number>();
const rawAt = new Map<number, number>();

w.benchMirror = (base: string, pairing: Ready, nodes: number) =>
  new Promise<void>((resolve) => {
    const assembler = new ChunkAssembler();
    let replayer: Replayer | null = null;
    let chain = Promise.resolve();
    const watch = (doc: Document) => {
      const check = () => {
        if (!firstFrameAt && doc.getElementsByTagName("*").length >= nodes) firstFrameAt = now();
        const t = doc.getElementById("target")?.textContent ?? "";
        const m = /^m(\d+)$/.exec(t);
        if (m && !seenAt.has(Number(m[1]))) seenAt.set(Number(m[1]), now());
      };
      new MutationObserver(check).observe(doc, { subtree: true, childList: true, characterData: true });
      check();
    };
    const relay = new TabRelay(
      base,
      () => pairing,
      (data) => {
        const d = data as { raw?: number };
        if (typeof d?.raw === "number") {
          rawAt.set(d.raw, now());
          return;
        }
        chain = chain.then(async () => {
          const m = (await assembler.accept(data)) as VisitorToAgent | null;
          if (!m || m.t !== "rr") return;
          if (m.full) {
            replayer?.destroy();
            replayer = new Replayer([], {
              root: document.getElementById("stage")!,
              liveMode: true,
              mouseTail: false,
              showWarning: false,
              useVirtualDom: false,
            });
            replayer.startLive(Number.MAX_SAFE_INTEGER);
          }
          for (const e of m.events) replayer?.addEvent(e as Parameters<Replayer["addEvent"]>[0]);
          if (m.full) setTimeout(() => watch(replayer!.iframe.contentDocument!), 0);
          // A message carries several burst mutations; the frame shows the last one once applied
          // (addEvent applies in a microtask), and all of them reached the mirror then.
          const ids = [...JSON.stringify(m.events).matchAll(/"m(\d+)"/g)].map((x) => Number(x[1]));
          if (ids.length && !m.full) {
            setTimeout(() => {
              const shown = replayer?.iframe.contentDocument?.getElementById("target")?.textContent;
              if (shown !== `m${Math.max(...ids)}`) return;
              const t = now();
              for (const id of ids) if (!seenAt.has(id)) seenAt.set(id, t);
            }, 0);
          }
        });
      },
      () => resolve(),
      (why) => console.error("refused", why),
    );
    relay.connect();
  });

w.benchFirstFrame = () => firstFrameAt;
w.benchSeen = () => [...seenAt.entries()];
w.benchRawSeen = () => [...rawAt.entries()];
