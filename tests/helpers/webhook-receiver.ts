// A real HTTP receiver for outgoing webhooks on 127.0.0.1: `/ok` answers 200, `/fail` 500, `/hang`
// never answers (until the server closes). Every request is kept with its raw body and headers.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export async function startWebhookReceiver() {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      if (path === "/hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(path === "/fail" ? 500 : 200, { "content-type": "text/plain" });
      res.end(path === "/fail" ? "broken" : "ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
