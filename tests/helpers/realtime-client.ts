// pusher-js (the browser SDK, in Node) against the relay started for the test run, authorised by
// our auth endpoint's function: how integration tests watch what reaches a browser.
import PusherJs, { type Channel } from "pusher-js";
import { inject } from "vitest";
import { answerChannelAuth } from "../../server/realtime/auth-endpoint";
import type { RealtimeCaller } from "../../server/realtime/authorize";

const clients: PusherJs[] = [];

export function connect(caller: RealtimeCaller): PusherJs {
  const p = new PusherJs("isession-key", {
    wsHost: "127.0.0.1",
    wsPort: inject("relayPort"),
    forceTLS: false,
    enabledTransports: ["ws"],
    cluster: "local",
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        answerChannelAuth(caller, new URLSearchParams({ socket_id: socketId, channel_name: channelName })).then(
          (r) => (r.status === 200 ? callback(null, r.body as { auth: string }) : callback(new Error(`refused ${r.status}`), null)),
          (e: Error) => callback(e, null),
        );
      },
    },
  });
  clients.push(p);
  return p;
}

export function subscribed(p: PusherJs, name: string): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const ch = p.subscribe(name);
    ch.bind("pusher:subscription_succeeded", () => resolve(ch));
    ch.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`subscription refused: ${JSON.stringify(e)}`)));
  });
}

export function next<T>(ch: Channel, event: string): Promise<T> {
  return new Promise((resolve) => ch.bind(event, (data: T) => resolve(data)));
}

/** For afterEach: closes every client opened by connect(). */
export function disconnectAll(): void {
  for (const c of clients.splice(0)) c.disconnect();
}
