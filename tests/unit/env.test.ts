import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../server/env";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "isession-env-"));

describe("env", () => {
  it("works with nothing set, generating secrets once into DATA_DIR", () => {
    const dir = tmp();
    const first = parseEnv({ DATA_DIR: dir });
    expect(first.PORT).toBe(3000);
    expect(first.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(first.DATABASE_URL).toBeUndefined();
    expect(first.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = parseEnv({ DATA_DIR: dir });
    expect(again.NEXTAUTH_SECRET).toBe(first.NEXTAUTH_SECRET);
    expect(again.PUSHER_SECRET).toBe(first.PUSHER_SECRET);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("EMBEDDED_PG_PASSWORD");
  });

  it("prefers given secrets and treats empty strings as unset", () => {
    const e = parseEnv({
      DATA_DIR: tmp(),
      NEXTAUTH_SECRET: "x".repeat(40),
      PUSHER_SECRET: "y".repeat(20),
      PORT: "4100",
      DATABASE_URL: "",
    });
    expect(e.NEXTAUTH_SECRET).toBe("x".repeat(40));
    expect(e.PORT).toBe(4100);
    expect(e.NEXTAUTH_URL).toBe("http://localhost:4100");
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("rejects bad values with a message naming the variable", () => {
    expect(() => parseEnv({ DATA_DIR: tmp(), PORT: "http" })).toThrow(EnvError);
    expect(() => parseEnv({ DATA_DIR: tmp(), PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATA_DIR: tmp(), NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ DATA_DIR: tmp(), DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
  });
});
