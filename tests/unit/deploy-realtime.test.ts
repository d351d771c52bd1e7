// RELAY_API_URL: in a cluster the server side publishes to the relay's Service while browsers keep
// the public address (deploy/k8s/configmap.yaml). server/env.ts parses once per module instance,
// so the variables are set before the modules load.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.stubEnv("PUSHER_HOST", "ws.example.com");
vi.stubEnv("PUSHER_PORT", "443");
vi.stubEnv("PUSHER_USE_TLS", "true");
vi.stubEnv("RELAY_API_URL", "http://isession-relay:6001");
const { clientRealtimeConfig, serverRealtimeConfig } = await import("../../server/realtime/config");
const { relayBaseUrl } = await import("../../server/admin/health");
afterAll(() => vi.unstubAllEnvs());

describe("RELAY_API_URL", () => {
  it("sends the server's publishes to the in-cluster address, plain HTTP on its port", () => {
    expect(serverRealtimeConfig()).toMatchObject({ host: "isession-relay", port: "6001", useTLS: false });
  });

  it("leaves the browsers on the public address", () => {
    expect(clientRealtimeConfig("app.example.com")).toMatchObject({ wsHost: "ws.example.com", wsPort: 443, forceTLS: true });
  });

  it("is where the operator's health page asks the relay", () => {
    expect(relayBaseUrl()).toBe("http://isession-relay:6001");
  });
});
