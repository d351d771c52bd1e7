// A local HTTP server standing in for api.stripe.com: Stripe's servers cannot be reached from this
// machine (and tests must not charge anyone), so the REAL `stripe` SDK is pointed here through
// STRIPE_API_BASE / createStripe({ apiBase }). It records every request and answers the few endpoints
// billing uses with Stripe-shaped JSON. This is the only mock in the billing tests.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  idempotencyKey: string | null;
};

export type FakeStripe = {
  url: string;
  requests: RecordedRequest[];
  /** Answer the next N meter-event requests with HTTP 500. */
  failMeterEvents(n: number): void;
  invoices: Map<string, Record<string, unknown>>;
  subscriptions: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const invoices = new Map<string, Record<string, unknown>>();
  const subscriptions = new Map<string, Record<string, unknown>>();
  const subscriptionReplies = new Map<string, Record<string, unknown>>();
  const meters: Record<string, unknown>[] = [];
  const prices: Record<string, unknown>[] = [];
  let failNext = 0;
  let n = 0;
  const id = (prefix: string) => `${prefix}_fake${++n}`;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const form = new URLSearchParams(await readBody(req));
      const key = req.headers["idempotency-key"];
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        form,
        idempotencyKey: typeof key === "string" ? key : null,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${n}` });
        res.end(JSON.stringify(body));
      };
      const list = (data: unknown[]) => send(200, { object: "list", data, has_more: false, url: url.pathname });
      const route = `${req.method} ${url.pathname}`;
      if (route === "POST /v1/billing/meter_events") {
        if (failNext > 0) {
          failNext--;
          return send(500, { error: { type: "api_error", message: "Simulated Stripe outage." } });
        }
        return send(200, {
          object: "billing.meter_event",
          event_name: form.get("event_name"),
          identifier: form.get("identifier"),
          payload: {},
          livemode: false,
          created: 0,
          timestamp: Number(form.get("timestamp")),
        });
      }
      if (route === "GET /v1/prices") {
        // The SDK sends arrays as lookup_keys[0]=...
        const keys = [...url.searchParams].filter(([k]) => k.startsWith("lookup_keys[")).map(([, v]) => v);
        return list(prices.filter((p) => keys.includes(p.lookup_key as string)));
      }
      if (route === "GET /v1/billing/meters") return list(meters);
      if (route === "POST /v1/billing/meters") {
        const meter = { id: id("mtr"), object: "billing.meter", event_name: form.get("event_name"), status: "active" };
        meters.push(meter);
        return send(200, meter);
      }
      if (route === "POST /v1/prices") {
        const price = {
          id: id("price"),
          object: "price",
          lookup_key: form.get("lookup_key"),
          unit_amount: Number(form.get("unit_amount")),
          currency: form.get("currency"),
          recurring: { meter: form.get("recurring[meter]") },
        };
        // Like Stripe: a lookup key belongs to one price; transfer_lookup_key moves it, else it's an error.
        const holder = prices.find((p) => p.lookup_key === price.lookup_key && price.lookup_key);
        if (holder && form.get("transfer_lookup_key") !== "true") {
          return send(400, { error: { type: "invalid_request_error", message: "A price with this lookup_key already exists." } });
        }
        if (holder) holder.lookup_key = null;
        prices.push(price);
        return send(200, price);
      }
      if (route === "POST /v1/customers") return send(200, { id: id("cus"), object: "customer", name: form.get("name") });
      if (route === "POST /v1/subscriptions") {
        // Like Stripe, a repeated idempotency key gets the first answer again (as it was then).
        const replay = typeof key === "string" ? subscriptionReplies.get(key) : undefined;
        if (replay) return send(200, replay);
        const items = {
          object: "list",
          data: [{ id: id("si"), object: "subscription_item", price: { id: form.get("items[0][price]"), object: "price" } }],
        };
        const sub = { id: id("sub"), object: "subscription", customer: form.get("customer"), status: "active", items };
        subscriptions.set(sub.id, sub);
        if (typeof key === "string") subscriptionReplies.set(key, sub);
        return send(200, sub);
      }
      if (route === "POST /v1/billing_portal/sessions")
        return send(200, { id: id("bps"), object: "billing_portal.session", url: `https://billing.stripe.test/p/${form.get("customer")}` });
      const invoice = /^GET \/v1\/invoices\/([^/]+)$/.exec(route);
      if (invoice)
        return invoices.has(invoice[1]!)
          ? send(200, invoices.get(invoice[1]!))
          : send(404, { error: { type: "invalid_request_error", message: "No such invoice" } });
      const update = /^POST \/v1\/subscriptions\/([^/]+)$/.exec(route);
      if (update && subscriptions.has(update[1]!)) {
        const sub = subscriptions.get(update[1]!)!;
        let data = (sub.items as { data: { id: string; price: { id: string } }[] }).data;
        for (let i = 0; form.has(`items[${i}][id]`) || form.has(`items[${i}][price]`); i++) {
          const itemId = form.get(`items[${i}][id]`);
          if (itemId && form.get(`items[${i}][deleted]`) === "true") data = data.filter((d) => d.id !== itemId);
          else if (!itemId) data = [...data, { id: id("si"), price: { id: form.get(`items[${i}][price]`)! } }];
        }
        const updated = { ...sub, items: { object: "list", data } };
        subscriptions.set(update[1]!, updated);
        return send(200, updated);
      }
      const sub = /^GET \/v1\/subscriptions\/([^/]+)$/.exec(route);
      if (sub)
        return subscriptions.has(sub[1]!)
          ? send(200, subscriptions.get(sub[1]!))
          : send(404, { error: { type: "invalid_request_error", message: "No such subscription" } });
      send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${route}).` } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failMeterEvents: (count) => {
      failNext = count;
    },
    invoices,
    subscriptions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
