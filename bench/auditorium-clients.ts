// The auditorium bench's attendees: a child process (`node --import tsx bench/auditorium-clients.ts
// URL relay|baseline`) holding a share of the WebSocket connections, so the sockets' work runs
// neither in the relay nor in the process that joins attendees and measures. Each attendee connects,
// gets its socket_id, asks the parent (the app side) to authorise its two channels, subscribes to
// both, and reports when both are confirmed. Deliveries are timed with process.hrtime (CLOCK_MONOTONIC,
// comparable across processes on one machine).
import WebSocket from "ws";

export type ToClients =
  | { type: "join"; i: number; audience: string; own: string }
  | { type: "auth"; i: number; audience: string; own: string }
  | { type: "arm"; marker: string; expected: number }
  | { type: "close" };

export type FromClients =
  | { type: "ready" }
  | { type: "socket"; i: number; socketId: string }
  | { type: "joined"; i: number; at: string }
  | { type: "failed"; i: number; error: string }
  | { type: "armed" }
  | { type: "done"; first: string; last: string; count: number };

const [url, kind] = process.argv.slice(2) as [string, "relay" | "baseline"];
const wsUrl = `${url.replace(/^http/, "ws")}/app/${process.env.PUSHER_KEY ?? "bench-key"}?protocol=7&client=bench&version=1`;
const send = (m: FromClients) => process.send!(m);
const sockets: WebSocket[] = [];
/** Attendees waiting for the parent's signatures, by index. */
const waiting = new Map<number, { ws: WebSocket; audience: string; own: string }>();

// Deliveries: frames containing the armed marker (no JSON parsing on the hot path).
let marker: Buffer | undefined;
let expected = 0;
let count = 0;
let first = 0n;
let last = 0n;

function onData(raw: WebSocket.RawData) {
  const t = process.hrtime.bigint();
  if (!marker || !(raw as Buffer).includes(marker)) return;
  if (++count === 1) first = t;
  last = t;
  if (count === expected) send({ type: "done", first: first.toString(), last: last.toString(), count });
}

function subscribe(ws: WebSocket, channel: string, auth: string) {
  ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
}

function join(m: Extract<ToClients, { type: "join" }>) {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  sockets.push(ws);
  let confirmed = 0;
  const fail = (error: string) => {
    send({ type: "failed", i: m.i, error });
    ws.terminate();
  };
  ws.once("error", (err) => fail(err.message));
  ws.on("message", function handshake(raw) {
    const msg = JSON.parse(String(raw)) as { event: string; data: string; channel?: string };
    if (msg.event === "pusher:connection_established") {
      const socketId = (JSON.parse(msg.data) as { socket_id: string }).socket_id;
      if (kind === "baseline") {
        subscribe(ws, m.audience, "");
        subscribe(ws, m.own, "");
      } else {
        waiting.set(m.i, { ws, audience: m.audience, own: m.own });
        send({ type: "socket", i: m.i, socketId });
      }
    } else if (msg.event === "pusher_internal:subscription_succeeded") {
      if (++confirmed < 2) return;
      ws.off("message", handshake);
      ws.on("message", onData);
      send({ type: "joined", i: m.i, at: process.hrtime.bigint().toString() });
    } else if (msg.event.startsWith("pusher:error") || msg.event.includes("subscription_error")) {
      fail(String(raw));
    }
  });
}

send({ type: "ready" });
process.on("message", (m: ToClients) => {
  switch (m.type) {
    case "join":
      return join(m);
    case "auth": {
      const w = waiting.get(m.i);
      if (!w) return;
      waiting.delete(m.i);
      subscribe(w.ws, w.audience, m.audience);
      subscribe(w.ws, w.own, m.own);
      return;
    }
    case "arm":
      marker = Buffer.from(m.marker);
      expected = m.expected;
      count = 0;
      return send({ type: "armed" });
    case "close":
      for (const ws of sockets) ws.terminate();
      process.exit(0);
  }
});
