// The pattern an erasure masks others' words with (server/privacy/erase-visitor.ts): a visitor's
// names whole and by part, addresses and questions whole, special characters taken literally,
// nothing too short or generic. Checked with JavaScript's engine, whose syntax for these parts
// ((?<!…), (?!…), [[:alnum:]] aside) matches PostgreSQL's.
import { describe, expect, it } from "vitest";
import { mentionPattern } from "../../server/privacy/erase-visitor";

/** PostgreSQL's [[:alnum:]] as a JavaScript class, so the pattern can be tried here. */
const asJs = (p: string) => new RegExp(p.replaceAll("[:alnum:]", "\\p{L}\\p{N}"), "giu");

describe("mentionPattern", () => {
  it("matches a name whole and by each part, on word boundaries, ignoring case", () => {
    const re = asJs(mentionPattern(["Ann Lee-Smith"])!);
    expect("Thanks ann, and Ann Lee-Smith; Annabel stays; LEE-SMITH goes".replace(re, "[x]")).toBe(
      "Thanks [x], and [x]; Annabel stays; [x] goes",
    );
  });

  it("takes addresses and questions whole, with their special characters literally", () => {
    const re = asJs(mentionPattern([], ["a.b+c@example.test", "Is it (really) $5?"])!);
    expect("mail a.b+c@example.test or aXb+c@example.test; Is it (really) $5? yes".replace(re, "[x]")).toBe(
      "mail [x] or aXb+c@example.test; [x] yes",
    );
  });

  it("looks for nothing shorter than 3 characters or generic", () => {
    expect(mentionPattern(["Al", "Visitor", "Erased visitor", null, " "], [""])).toBeNull();
    expect(mentionPattern(["Al Bo"])).toBe("(?<![[:alnum:]_])(Al Bo)(?![[:alnum:]_])");
  });
});
