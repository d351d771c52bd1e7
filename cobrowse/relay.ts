// A minimal Pusher protocol 7 client for the one private channel the shared tab needs, instead of
// pusher-js (~20 KB gz): connect, authorize with the tab's token, subscribe, client events, ping.
// Reconnects with backoff; `onReady` fires after every (re)subscription, so the caller resends a
// full snapshot (what the mirrors missed meanwhile is gone).
import type { PairAnswer } from "../lib/cobrowse";

type Ready = Extract<PairAnswer, { state: "ready" }>;

export class TabRelay {
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private subscribed = false;

  constructor(
    private readonly base: string,
    private readonly pairing: () => Ready,
    private readonly onEvent: (data: unknown) => void,
    private readonly onReady: () => void,
    private readonly onRefused: (why: string) => void,
  ) {}

  get ready() {
    return this.subscribed && this.ws?.readyState === WebSocket.OPEN;
  }

  connect() {
    const rt = this.pairing().realtime;
    const host = rt.wsHost ?? `ws-${rt.cluster ?? "mt1"}.pusher.com`;
    const port = rt.wsPort ?? (rt.forceTLS ? 443 : 80);
    const ws = new WebSocket(
      `${rt.forceTLS ? "wss" : "ws"}://${host}:${port}/app/${rt.key}?protocol=7&client=isession-cobrowse&version=1&flash=false`,
    );
    this.ws = ws;
    this.subscribed = false;
    ws.onmessage = (ev) => this.onMessage(String(ev.data));
    ws.onclose = () => {
      this.subscribed = false;
      if (this.stopped) return;
      const wait = Math.min(10_000, 500 * 2 ** this.attempt++);
      setTimeout(() => !this.stopped && this.connect(), wait);
    };
  }

  trigger(event: string, data: unknown): boolean {
    if (!this.ready) return false;
    this.ws!.send(JSON.stringify({ event, channel: this.pairing().channel, data }));
    return true;
  }

  close() {
    this.stopped = true;
    this.ws?.close();
  }

  private send(event: string, data: unknown) {
    this.ws?.send(JSON.stringify({ event, data }));
  }

  private onMessage(text: string) {
    let m: { event?: string; channel?: string; data?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return;
    }
    const data = typeof m.data === "string" && m.event?.startsWith("pusher") ? safeParse(m.data) : m.data;
    switch (m.event) {
      case "pusher:connection_established":
        void this.subscribe((data as { socket_id: string }).socket_id);
        return;
      case "pusher:ping":
        this.send("pusher:pong", {});
        return;
      case "pusher_internal:subscription_succeeded":
        this.subscribed = true;
        this.attempt = 0;
        this.onReady();
        return;
      case "pusher:error":
        // A rate-limit refusal (4301) loses one message: the mirror sees the gap in seq and asks again.
        if ((data as { code?: number } | null)?.code === 4301) return;
        this.onRefused(String((data as { message?: string } | null)?.message ?? "refused"));
        return;
      case "pusher:subscription_error":
        this.onRefused(
          String((data as { message?: string; error?: string } | null)?.message ?? (data as { error?: string } | null)?.error ?? "refused"),
        );
        return;
      default:
        if (m.channel === this.pairing().channel && m.event?.startsWith("client-"))
          this.onEvent(typeof m.data === "string" ? safeParse(m.data) : m.data);
    }
  }

  private async subscribe(socketId: string) {
    const p = this.pairing();
    try {
      const r = await fetch(`${this.base}/api/cobrowse/auth`, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify({ token: p.token, socket_id: socketId, channel_name: p.channel }),
      });
      const body = (await r.json()) as { auth?: string; message?: string };
      if (!r.ok || !body.auth) return this.onRefused(body.message ?? `refused (${r.status})`);
      this.send("pusher:subscribe", { channel: p.channel, auth: body.auth });
    } catch {
      this.ws?.close(); // retried by onclose
    }
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
