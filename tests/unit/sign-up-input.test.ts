import { describe, expect, it } from "vitest";
import { checkPasswordPolicy } from "../../server/accounts/password-policy";
import { MAX_ALLOWED_DOMAINS, parseDomainList, signUpInput } from "../../server/accounts/sign-up-input";

describe("checkPasswordPolicy", () => {
  it.each([
    ["123456789", /at least 10/],
    ["x".repeat(201), /at most 200/],
    ["QwertyUIOP", /too common/],
    ["zzzzzzzzzzzz", /too common/],
  ])("refuses %j", (pw, message) => {
    expect(checkPasswordPolicy(pw)).toMatch(message);
  });

  it("refuses the email address and its local part, in any case", () => {
    expect(checkPasswordPolicy("Olive.Owner@Acme.test", "olive.owner@acme.test")).toMatch(/email address/);
    expect(checkPasswordPolicy("OLIVE.OWNER", "olive.owner@acme.test")).toMatch(/email address/);
    expect(checkPasswordPolicy("olive.owner-at-home", "olive.owner@acme.test")).toBeNull();
  });

  it("accepts a long, uncommon password", () => {
    expect(checkPasswordPolicy("ten chars!", "a@b.test")).toBeNull();
    expect(checkPasswordPolicy("correct horse battery staple")).toBeNull();
  });
});

describe("parseDomainList", () => {
  it("splits on commas and new lines, normalises and removes duplicates", () => {
    expect(parseDomainList(" Example.COM,\r\n*.Example.com\n\nexample.com , xn--bcher-kva.example\n127.0.0.1, bücher.example")).toEqual({
      ok: true,
      domains: ["example.com", "*.example.com", "xn--bcher-kva.example", "127.0.0.1"],
    });
  });

  it("names the first bad entry and why", () => {
    expect(parseDomainList("example.com, example.com:8080")).toEqual({
      ok: false,
      error: "“example.com:8080”: That is not a valid host name.",
    });
    expect(parseDomainList("http://example.com")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^“http:\/\/example\.com”: Enter only the host/),
    });
    expect(parseDomainList("*.localhost")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^“\*\.localhost”: A wildcard must cover/),
    });
    const long = `${"a".repeat(80)}/x`;
    expect(parseDomainList(long)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^“a{57}…”: Enter only the host, without a path/),
    });
  });

  it("needs at least one entry and at most the limit", () => {
    expect(parseDomainList(" , ")).toMatchObject({ ok: false, error: expect.stringMatching(/at least one domain/) });
    const many = Array.from({ length: MAX_ALLOWED_DOMAINS + 1 }, (_, i) => `s${i}.example.com`).join(",");
    expect(parseDomainList(many)).toMatchObject({ ok: false, error: `Enter at most ${MAX_ALLOWED_DOMAINS} domains.` });
  });
});

describe("signUpInput", () => {
  it("trims, lower-cases the email and turns the domain list into an array", () => {
    const parsed = signUpInput.parse({
      businessName: "  Acme  ",
      ownerName: " Olive ",
      email: " Olive@Acme.TEST ",
      password: "a fine passphrase",
      plan: "PER_MINUTE",
      allowedDomains: "acme.test\n*.acme.test",
    });
    expect(parsed).toEqual({
      businessName: "Acme",
      ownerName: "Olive",
      email: "olive@acme.test",
      password: "a fine passphrase",
      plan: "PER_MINUTE",
      allowedDomains: ["acme.test", "*.acme.test"],
    });
  });

  it("refuses an unknown plan", () => {
    const r = signUpInput.safeParse({
      businessName: "Acme",
      ownerName: "O",
      email: "o@acme.test",
      password: "a fine passphrase",
      plan: "FREE",
      allowedDomains: "acme.test",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["plan"]);
  });
});
