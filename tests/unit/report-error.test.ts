import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { reportInputError } from "../../components/ui/form-errors";
import { reportRangeInput } from "../../server/reports/range";

describe("a report page's message for refused input", () => {
  it("is the first zod issue's sentence, not the issue list tRPC puts in the message", () => {
    const parsed = reportRangeInput.safeParse({ from: "2026-02-30", to: "2026-03-01" });
    expect(parsed.success).toBe(false);
    const err = new TRPCError({ code: "BAD_REQUEST", message: JSON.stringify(parsed.error?.issues), cause: parsed.error });
    expect(reportInputError(err)).toBe("That date does not exist.");
  });

  it("is the domain error's own message otherwise", () => {
    expect(
      reportInputError(new TRPCError({ code: "BAD_REQUEST", message: "A report covers at most 366 days; choose a shorter range." })),
    ).toMatch(/366 days/);
  });

  it("answers not found only when asked to, and rethrows what is not the reader's doing", () => {
    const missing = new TRPCError({ code: "NOT_FOUND", message: "Launcher not found." });
    expect(reportInputError(missing, { notFound: true })).toBe("Launcher not found.");
    expect(() => reportInputError(missing)).toThrow("Launcher not found.");
    expect(() => reportInputError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "boom" }))).toThrow("boom");
    expect(() => reportInputError(new Error("x"))).toThrow("x");
  });
});
