import { describe, expect, it } from "vitest";
import { parsePrometheus } from "../../server/admin/health";
import { formatBps } from "../../server/resellers/config";

describe("parsePrometheus", () => {
  it("reads the relay's exposition format, summing a metric over its label sets and skipping comments", () => {
    const m = parsePrometheus(
      [
        "# HELP relay_connections Open WebSocket connections on this node",
        "# TYPE relay_connections gauge",
        'relay_connections{node="a"} 3',
        'relay_connections{node="b"} 4',
        "relay_published_total 12",
        'process_resident_memory_bytes{node="a"} 8.5e7',
        "garbage line",
        'relay_channels{node="a"} NaN',
        "",
      ].join("\n"),
    );
    expect(Object.fromEntries(m)).toEqual({ relay_connections: 7, relay_published_total: 12, process_resident_memory_bytes: 85_000_000 });
  });
});

describe("reseller helpers", () => {
  it("formats basis points as a percentage", () => {
    expect([formatBps(2000), formatBps(1250), formatBps(5), formatBps(0), formatBps(10_000)]).toEqual([
      "20 %",
      "12.5 %",
      "0.05 %",
      "0 %",
      "100 %",
    ]);
  });
});
