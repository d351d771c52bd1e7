// The visitor-side co-browse bundle (/cobrowse.js, docs/cobrowse.md). Loaded by the embed loader
// only once the visitor's help window has paired this tab with their session; nothing is recorded
// before the visitor presses "Share this tab" here. Then rrweb records the page (masking in this
// browser: mask.ts), the events go paced and chunked (sender.ts) over the session's co-browse
// channel (relay.ts), and the agent's follow-me scrolls and same-site link clicks are obeyed only
// when the visitor allowed control.
import { record } from "@rrweb/record";
import {
  COBROWSE_EVENT,
  ChunkAssembler,
  MAX_SNAPSHOT_BYTES,
  isAgentMsg,
  type AgentToVisitor,
  type CobrowseStopReason,
  type PairAnswer,
  type RrEvent,
} from "../lib/cobrowse";
import { plugins, type CobrowseContext } from "./core";
// Plugins register themselves on import (core.ts).
import "./forms";
import { makeMasker, maskOptions } from "./mask";
import { TabRelay } from "./relay";
import { TabSender } from "./sender";
import { askConsent, notice, sharingBar, uiRoot } from "./ui";

type Ready = Extract<PairAnswer, { state: "ready" }>;
type Boot = { base: string; key: string; nonce: string; answer: Ready; storageKey: string };

/** More elements than this is not a page anyone can be guided through: refuse before serializing it. */
const MAX_ELEMENTS = 150_000;
const REPAIR_MS = 60_000;
const STATE_THROTTLE_MS = 200;

/** sessionStorage, or nothing where the page may not use it (sandboxed documents, privacy modes). */
const session = {
  get: (k: string) => {
    try {
      return sessionStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set: (k: string, v: string) => {
    try {
      sessionStorage.setItem(k, v);
    } catch {
      // not kept: the prompt may come again on the next page
    }
  },
  remove: (k: string) => {
    try {
      sessionStorage.removeItem(k);
    } catch {
      // nothing kept
    }
  },
};

function post(base: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "text/plain" },
    body: JSON.stringify(body),
    keepalive: true,
  });
}

async function main(b: Boot) {
  const declinedKey = `${b.storageKey}-declined`;
  let pairing = b.answer;
  if (!pairing.consented) {
    if (session.get(declinedKey) === b.nonce) return;
    const choice = await askConsent(pairing.agentName);
    if (!choice.share) {
      session.set(declinedKey, b.nonce);
      return;
    }
    const r = await post(b.base, "/api/cobrowse/consent", { token: pairing.token, control: choice.control }).catch(() => null);
    if (!r?.ok) return notice("Sharing could not start. Your live help session may have ended.");
    pairing = { ...pairing, consented: true, control: choice.control };
  }
  share(b, pairing);
}

function share(b: Boot, first: Ready) {
  let pairing = first;
  const masker = makeMasker(pairing.maskSelectors);
  const stopServer = (reason: CobrowseStopReason) =>
    void post(b.base, "/api/cobrowse/stop", { token: pairing.token, reason }).catch(() => {});
  if (!masker) {
    // A privacy rule this browser cannot apply: sharing would show what the site meant to hide.
    stopServer("error");
    return notice("This site's privacy settings could not be applied, so this tab is not shared.");
  }
  if (document.getElementsByTagName("*").length > MAX_ELEMENTS) {
    stopServer("too_large");
    return notice(`This page is too large to share. ${pairing.agentName} cannot see it; describe what you see instead.`);
  }

  const tab = Math.random().toString(36).slice(2, 10);
  let stopRecording: (() => void) | undefined;
  let stopped = false;
  let lastSnapshotAt = 0;
  let snapshotTimer: ReturnType<typeof setTimeout> | null = null;

  const sender = new TabSender(
    tab,
    (piece) => relay.trigger(COBROWSE_EVENT, piece),
    (bytes) => {
      if (bytes <= MAX_SNAPSHOT_BYTES) return true;
      setTimeout(() => stop("too_large"), 0);
      return false;
    },
  );

  const stateMsg = (sharing: boolean, reason?: CobrowseStopReason) => ({
    t: "state" as const,
    tab,
    sharing,
    control: pairing.control,
    url: location.href,
    viewport: { w: window.innerWidth, h: window.innerHeight },
    scroll: { x: Math.round(window.scrollX), y: Math.round(window.scrollY) },
    ...(reason ? { reason } : {}),
  });
  let stateTimer: ReturnType<typeof setTimeout> | null = null;
  const sendStateSoon = () => {
    if (stateTimer || stopped) return;
    stateTimer = setTimeout(() => {
      stateTimer = null;
      if (!stopped) sender.message(stateMsg(true));
    }, STATE_THROTTLE_MS);
  };

  const snapshot = () => {
    // Several mirrors asking at once get one snapshot.
    if (snapshotTimer) return;
    const wait = Math.max(0, lastSnapshotAt + 1000 - Date.now());
    snapshotTimer = setTimeout(() => {
      snapshotTimer = null;
      lastSnapshotAt = Date.now();
      if (!stopped && stopRecording) record.takeFullSnapshot(true);
      sender.message(stateMsg(true));
    }, wait);
  };

  const ctx: CobrowseContext = {
    send: (m) => sender.message(m),
    nodeOf: (id) => record.mirror.getNode(id) as Node | null,
    isMasked: (el) => masker.isMasked(el),
    control: () => pairing.control,
    agentName: pairing.agentName,
    uiRoot,
    post: (path, body) => void post(b.base, path, { ...body, token: pairing.token }).catch(() => {}),
  };

  const onAgent = (m: AgentToVisitor) => {
    switch (m.t) {
      case "snapshot.request":
        return snapshot();
      case "scroll":
        if (pairing.control && Number.isFinite(m.x) && Number.isFinite(m.y))
          window.scrollTo({ left: Math.max(0, m.x), top: Math.max(0, m.y), behavior: "smooth" });
        return;
      case "click": {
        if (!pairing.control || !Number.isInteger(m.nodeId)) return;
        const node = record.mirror.getNode(m.nodeId) as Node | null;
        const a = node instanceof Element ? node.closest("a[href]") : null;
        if (!(a instanceof HTMLAnchorElement)) return;
        // Same site only: the agent may guide the visitor around this site, never off it.
        const to = new URL(a.href, location.href);
        if (to.origin !== location.origin || !/^https?:$/.test(to.protocol)) return;
        location.assign(to.href);
        return;
      }
      default:
        for (const p of plugins()) if (p.onAgentMessage?.(m, ctx)) return;
    }
  };

  const assembler = new ChunkAssembler();
  let chain = Promise.resolve();
  const relay = new TabRelay(
    b.base,
    () => pairing,
    (data) => {
      chain = chain.then(async () => {
        const m = await assembler.accept(data);
        if (isAgentMsg(m) && !stopped) onAgent(m);
      });
    },
    () => {
      if (stopped) return;
      sender.reset();
      if (!stopRecording) {
        lastSnapshotAt = Date.now();
        stopRecording = record({
          emit: (e) => sender.event(e as unknown as RrEvent),
          ...maskOptions(masker),
          inlineStylesheet: true,
          recordCanvas: false,
          collectFonts: false,
          inlineImages: false,
          // Every keystroke (not input: "last", which in rrweb 2 listens to `change` only, so the
          // agent saw a field's text only once the visitor left it); the sender batches them.
          sampling: { mousemove: 50, scroll: 100 },
          slimDOMOptions: {
            script: true,
            comment: true,
            headFavicon: true,
            headMetaSocial: true,
            headMetaRobots: true,
            headMetaHttpEquiv: true,
            headMetaVerification: true,
          },
        });
        for (const p of plugins()) p.onStart?.(ctx);
        sender.message(stateMsg(true));
      } else {
        // Back after a drop: whatever the mirrors missed is gone, so they get a fresh snapshot.
        snapshot();
      }
    },
    (why) => {
      if (!stopped) console.warn("iSession co-browsing refused:", why);
    },
  );

  const stop = (reason: CobrowseStopReason) => {
    if (stopped) return;
    stopped = true;
    stopRecording?.();
    for (const p of plugins()) p.onStop?.();
    sender.reset();
    sender.message(stateMsg(false, reason));
    stopServer(reason);
    window.removeEventListener("scroll", sendStateSoon);
    window.removeEventListener("resize", sendStateSoon);
    clearInterval(repair);
    session.remove(b.storageKey);
    // Let the last state leave before the socket closes.
    const deadline = Date.now() + 1500;
    const close = () => (sender.idle || Date.now() > deadline ? relay.close() : setTimeout(close, 50));
    close();
    notice(
      reason === "too_large"
        ? `This page is too large to share. ${pairing.agentName} cannot see it; describe what you see instead.`
        : reason === "session_ended"
          ? "The live help session has ended. This tab is no longer shared."
          : "You stopped sharing this tab.",
    );
  };

  // The session's end, the seat's leave or the launcher's switch-off end sharing; the token is renewed.
  const repair = setInterval(() => {
    fetch(`${b.base}/api/cobrowse/pair?cb=${b.nonce}`, { credentials: "omit" })
      .then(async (r) => {
        if (r.status === 410) return stop("session_ended");
        if (!r.ok) return;
        const a = (await r.json()) as PairAnswer;
        if (a.state === "ready") pairing = { ...a, control: pairing.control, consented: true };
      })
      .catch(() => {});
  }, REPAIR_MS);

  window.addEventListener("scroll", sendStateSoon, { passive: true });
  window.addEventListener("resize", sendStateSoon, { passive: true });
  sharingBar(pairing.agentName, () => stop("visitor"));
  relay.connect();
}

// Started last, once every module-level binding above exists.
const w = window as unknown as { __isessionCobrowse?: Boot; __isessionCobrowseRunning?: boolean };
const boot = w.__isessionCobrowse;
if (boot && !w.__isessionCobrowseRunning) {
  w.__isessionCobrowseRunning = true;
  void main(boot).catch((e: unknown) => console.warn("iSession co-browsing stopped:", e instanceof Error ? e.message : e));
}
