import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appCodeOf, errorMessage, errorSentence, formErrors, sentenceErrors } from "../../components/ui/form-errors";

// What the browser receives after server/api/trpc.ts's errorFormatter: the error shape's data.
const clientError = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, ...data } } });

const zodRefusal = clientError('[{"path":["name"],"message":"Too short"}]', {
  appCode: null,
  zodError: { formErrors: [], fieldErrors: { name: ["Too short", "Not a name"], email: ["Invalid email"], code: [] } },
});

describe("formErrors", () => {
  it("marks each field zod named and asks for corrections", () => {
    expect(formErrors(zodRefusal)).toEqual({
      form: "Please correct the marked fields.",
      fields: { name: "Too short Not a name", email: "Invalid email" },
    });
  });

  it("gives an app error's own message, and its code through appCodeOf", () => {
    const taken = clientError("That email address is already registered.", { appCode: "CONFLICT", zodError: null });
    expect(formErrors(taken)).toEqual({ form: "That email address is already registered.", fields: {} });
    expect(appCodeOf(taken)).toBe("CONFLICT");
  });

  it("answers anything that is not a tRPC error with the generic sentence", () => {
    expect(formErrors(new Error("fetch failed"))).toEqual({ form: "Something went wrong. Please try again.", fields: {} });
    expect(formErrors(null)).toEqual({ form: "Something went wrong. Please try again.", fields: {} });
    expect(appCodeOf(new Error("fetch failed"))).toBeNull();
  });
});

describe("errorSentence", () => {
  it("is the first field's first zod issue, with the field's name", () => {
    expect(errorSentence(zodRefusal)).toBe("name: Too short");
    expect(sentenceErrors(zodRefusal)).toEqual({ form: "name: Too short", fields: {} });
  });

  it("is a form-level zod issue when no field is named", () => {
    expect(errorSentence(clientError("x", { zodError: { formErrors: ["Pick one."], fieldErrors: {} } }))).toBe("Pick one.");
  });

  it("is the message otherwise, and a generic sentence without one", () => {
    expect(errorSentence(clientError("Launcher not found.", { appCode: "NOT_FOUND", zodError: null }))).toBe("Launcher not found.");
    expect(errorSentence(new TRPCError({ code: "FORBIDDEN", message: "Not allowed." }))).toBe("Not allowed.");
    expect(errorSentence(null)).toBe("Something went wrong.");
  });
});

describe("errorMessage", () => {
  it("is the error's own message, and a generic sentence for what is not an error", () => {
    expect(errorMessage(clientError("The question is too long.", { appCode: "BAD_REQUEST", zodError: null }))).toBe(
      "The question is too long.",
    );
    expect(errorMessage("nope")).toBe("Something went wrong.");
  });
});
