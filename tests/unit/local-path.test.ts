import { describe, expect, it } from "vitest";
import { localPath } from "../../lib/local-path";

describe("localPath (where sign-in sends you next)", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(localPath("/agent")).toBe("/agent");
    expect(localPath("/s/abc?join=monitor#end")).toBe("/s/abc?join=monitor#end");
    expect(localPath(["/manager", "/x"])).toBe("/manager");
  });

  it.each([
    ["another host", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash read as a slash", "/\\evil.example"],
    ["a tab the browser drops", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a relative path", "agent"],
    ["javascript:", "javascript:alert(1)"],
    ["nothing", undefined],
    ["a number", 42],
  ])("refuses %s and falls back", (_what, value) => {
    expect(localPath(value)).toBe("/app");
    expect(localPath(value, "/dashboard")).toBe("/dashboard");
  });
});
