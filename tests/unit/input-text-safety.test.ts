// Every text field of every tRPC procedure refuses U+0000 and unpaired surrogates (issue 12 item 5).
// The test walks appRouter's procedures and each input schema's tree, so a field added later without
// `safeString()` (server/api/schemas/safe-string.ts) fails here.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "../../server/api/root";
import { unstorableTextProblem } from "../../server/api/schemas/safe-string";

type Schema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const defOf = (s: Schema) => s._zod.def as unknown as Def;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional", "promise", "success"]);
const NO_TEXT = new Set([
  "number",
  "int",
  "boolean",
  "bigint",
  "date",
  "enum",
  "literal",
  "null",
  "undefined",
  "void",
  "never",
  "nan",
  "transform",
  "symbol",
]);

/** Every string schema in the tree, with where it sits; kinds that could let text through unchecked go to `opaque`. */
function walk(schema: Schema, path: string, strings: { path: string; schema: Schema }[], opaque: string[], seen = new Set<Schema>()) {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = defOf(schema);
  const child = (s: unknown, p: string) => walk(s as Schema, p, strings, opaque, seen);
  if (def.type === "string") strings.push({ path, schema });
  else if (def.type === "object") {
    for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) child(v, `${path}.${k}`);
    if (def.catchall) child(def.catchall, `${path}.*`);
  } else if (def.type === "array" || def.type === "set") child(def.element ?? def.valueType, `${path}[]`);
  else if (WRAPPERS.has(def.type)) child(def.innerType, path);
  else if (def.type === "union") (def.options as Schema[]).forEach((o, i) => child(o, `${path}|${i}`));
  else if (def.type === "intersection") [def.left, def.right].forEach((side) => child(side, path));
  else if (def.type === "record" || def.type === "map") {
    child(def.keyType, `${path}{key}`);
    child(def.valueType, `${path}{}`);
  } else if (def.type === "tuple") {
    (def.items as Schema[]).forEach((o, i) => child(o, `${path}[${i}]`));
    if (def.rest) child(def.rest, `${path}[...]`);
  } else if (def.type === "pipe") [def.in, def.out].forEach((side) => child(side, path));
  else if (def.type === "lazy") child((def.getter as () => Schema)(), path);
  else if (!NO_TEXT.has(def.type)) opaque.push(`${path} (${def.type})`);
}

type Procedure = { _def: { inputs: Schema[] } };
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, Procedure> }).procedures);

function inputStrings() {
  const strings: { path: string; schema: Schema }[] = [];
  const opaque: string[] = [];
  for (const [name, proc] of procedures) proc._def.inputs.forEach((input) => walk(input, name, strings, opaque));
  return { strings, opaque };
}

const parse = (schema: Schema, value: string) => (schema as unknown as z.ZodType).safeParse(value);

describe("text inputs of every tRPC procedure", () => {
  it("finds the procedures and their text fields (the walk itself works)", () => {
    const { strings } = inputStrings();
    expect(procedures.length).toBeGreaterThan(50);
    const paths = strings.map((s) => s.path);
    expect(paths).toContain("sessions.send.text");
    expect(paths).toContain("macros.create.macro.title");
    expect(paths).toContain("launchers.update.orgId");
  });

  it("has no input kinds that could carry unchecked text (any, unknown, custom)", () => {
    expect(inputStrings().opaque).toEqual([]);
  });

  it.each([
    ["U+0000", "\u0000"],
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "\udfff"],
  ])("no text field accepts %s, and a field that accepts plain text names the problem", (_name, bad) => {
    const accepting: string[] = [];
    const unclear: string[] = [];
    for (const { path, schema } of inputStrings().strings) {
      const bag = schema as unknown as { minLength: number | null };
      const length = Math.max(bag.minLength ?? 0, 1);
      const probe = "a".repeat(length - 1) + bad;
      const result = parse(schema, probe);
      if (result.success) {
        accepting.push(path);
        continue;
      }
      // Where the same length of plain text is fine, the refusal must say what is wrong.
      if (parse(schema, "a".repeat(length)).success && !result.error.issues.some((i) => i.message === unstorableTextProblem(probe))) {
        unclear.push(`${path}: ${result.error.issues.map((i) => i.message).join("; ")}`);
      }
    }
    expect(accepting).toEqual([]);
    expect(unclear).toEqual([]);
  });
});
