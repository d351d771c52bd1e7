import { describe, expect, it } from "vitest";
import { appLinksFor, landingFor, type Standing } from "../../server/accounts/landing";
import { checkPasswordPolicy } from "../../server/accounts/password-policy";
import { avatarValueError } from "../../server/avatars/gallery";
import { sniffImageType } from "../../server/avatars/upload";
import { normaliseAllowedDomains, normaliseAgentStatuses } from "../../server/orgs/update-preferences";

describe("checkPasswordPolicy", () => {
  it("wants 10 characters, not a common password, not the email", () => {
    expect(checkPasswordPolicy("short", "a@b.test")).toMatch(/10 characters/);
    expect(checkPasswordPolicy("Password123", "a@b.test")).toMatch(/too common/);
    expect(checkPasswordPolicy("zzzzzzzzzzzz", "a@b.test")).toMatch(/too common/);
    expect(checkPasswordPolicy("Ann.Lee@Example.test", "ann.lee@example.test")).toMatch(/email/);
    expect(checkPasswordPolicy("ann.lee.smith", "ann.lee.smith@example.test")).toMatch(/email/);
    expect(checkPasswordPolicy("correct horse battery", "ann@example.test")).toBeNull();
  });
});

describe("avatar uploads", () => {
  it("detects the type from the bytes", () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("GIF89a...."))).toBe("image/gif");
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'>"))).toBeNull();
    expect(sniffImageType(Buffer.from("<html><script>"))).toBeNull();
  });

  it("accepts only gallery paths and uploaded-avatar paths as avatar values", () => {
    expect(avatarValueError("/avatars/wave.svg")).toBeNull();
    expect(avatarValueError("/api/avatars/cmabc123def456ghi789jkl")).toBeNull();
    expect(avatarValueError("/avatars/../secret")).not.toBeNull();
    expect(avatarValueError("https://evil.example/x.png")).not.toBeNull();
    expect(avatarValueError("javascript:alert(1)")).not.toBeNull();
  });
});

describe("preferences normalisation", () => {
  it("stores allowed domains normalised and names the first bad entry", () => {
    expect(normaliseAllowedDomains([" Shop.Example.com ", "*.EXAMPLE.com", "shop.example.com"])).toEqual([
      "shop.example.com",
      "*.example.com",
    ]);
    expect(() => normaliseAllowedDomains(["ok.example", "ok2.example", "exa mple"])).toThrow(/Allowed domain 3/);
  });

  it("keeps built-in statuses' routability and drops unchanged built-ins", () => {
    expect(
      normaliseAgentStatuses([
        { key: "offline", label: "Offline", routable: true },
        { key: "away", label: "Stepped out", routable: true },
        { key: "training", label: "Training", routable: false },
      ]),
    ).toEqual([
      { key: "away", label: "Stepped out", routable: false },
      { key: "training", label: "Training", routable: false },
    ]);
  });
});

describe("landing and console links", () => {
  const none: Standing = { isPlatformAdmin: false, roles: [], isResellerMember: false };
  it("sends each person to the console of their role", () => {
    expect(landingFor({ ...none, isPlatformAdmin: true, roles: ["AGENT"] })).toBe("/admin");
    expect(landingFor({ ...none, roles: ["OWNER"] })).toBe("/dashboard");
    expect(landingFor({ ...none, roles: ["ADMIN"] })).toBe("/dashboard");
    expect(landingFor({ ...none, roles: ["MANAGER", "OWNER"] })).toBe("/manager");
    expect(landingFor({ ...none, roles: ["AGENT"] })).toBe("/agent");
    expect(landingFor({ ...none, isResellerMember: true })).toBe("/reseller");
    expect(landingFor({ ...none, roles: ["AGENT"], isResellerMember: true })).toBe("/agent");
  });

  it("offers only the consoles a person may use", () => {
    const hrefs = (s: Standing) => appLinksFor(s).map((l) => l.href);
    expect(hrefs({ ...none, roles: ["AGENT"] })).toEqual(["/agent"]);
    expect(hrefs({ ...none, roles: ["MANAGER"] })).toEqual(["/agent", "/manager"]);
    expect(hrefs({ ...none, roles: ["OWNER"] })).toEqual(["/agent", "/manager", "/dashboard"]);
    expect(hrefs({ ...none, isResellerMember: true })).toEqual(["/reseller"]);
    expect(hrefs({ ...none, isPlatformAdmin: true })).toEqual(["/admin"]);
  });
});
