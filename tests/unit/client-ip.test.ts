import { describe, expect, it } from "vitest";
import { clientIp } from "../../server/auth";

describe("clientIp (the address rate limits count)", () => {
  it("takes the address our proxy appended, not the ones the client sent before it", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
  });
  it("falls back to X-Real-IP, then to unknown", () => {
    expect(clientIp({ "x-real-ip": "198.51.100.7" })).toBe("198.51.100.7");
    expect(clientIp(undefined)).toBe("unknown");
  });
});
