// Next's rules plus type-checked TypeScript rules: floating promises and misused promises are
// the bugs that hurt most in a realtime app, so they are errors.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// What runs in the browser may see the server's types, never its values: a value import drags the
// module (and the database client, secrets, Node built-ins behind it) toward the client bundle.
// `@/server/x` and `../../server/x` both count; type-only imports vanish at compile time.
const SERVER_MODULE = "^(@/|(\\.\\./)+)server(/|$)";
const TYPES_ONLY_FROM_SERVER =
  "Browser code imports only types from server/. Move a shared value (a constant, a pure function, a zod schema) to lib/.";

const CHANNELS_IN_REALTIME_ONLY =
  "Outside server/realtime/, name who hears a notice (an Audience, server/realtime/notices.ts) and publish it with publishNotices, and take the channels a page subscribes to from server/realtime/subscriptions.ts; channel names and the outbox stay in server/realtime/.";

// Only server/realtime/ spells a channel name or reaches the outbox and publisher. Every block that
// sets no-restricted-imports spreads these: a later block's options replace an earlier one's.
const REALTIME_INSIDE_ONLY = [{ regex: "(^|/)realtime/(channels|outbox|publish)$", message: CHANNELS_IN_REALTIME_ONLY }];

/** Value imports (static, re-exports, dynamic) from server/ in a file that starts with "use client". */
const clientImportsTypesOnly = {
  meta: { type: "problem", messages: { value: TYPES_ONLY_FROM_SERVER }, schema: [] },
  create(context) {
    const server = new RegExp(SERVER_MODULE);
    const body = context.sourceCode.ast.body;
    const isClient = body.some((n) => n.type === "ExpressionStatement" && n.directive === "use client");
    if (!isClient) return {};
    const typeOnly = (node) =>
      node.importKind === "type" ||
      node.exportKind === "type" ||
      ((node.specifiers?.length ?? 0) > 0 && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));
    const check = (node) => {
      if (node.source && server.test(node.source.value) && !typeOnly(node)) context.report({ node, messageId: "value" });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: (node) => node.exportKind !== "type" && check(node),
      ImportExpression: (node) => {
        if (node.source.type === "Literal" && server.test(String(node.source.value))) context.report({ node, messageId: "value" });
      },
    };
  },
};

/** A server/ module imports "server-only", so Next refuses to put it in a client bundle. */
const serverOnly = {
  meta: { type: "problem", messages: { missing: 'Start a server/ module with import "server-only"; (docs/contributing.md).' }, schema: [] },
  create(context) {
    return {
      Program(node) {
        const has = node.body.some((n) => n.type === "ImportDeclaration" && n.source.value === "server-only" && n.specifiers.length === 0);
        if (!has) context.report({ node, loc: { line: 1, column: 0 }, messageId: "missing" });
      },
    };
  },
};

const ROUTERS_QUERY_NOTHING =
  "A router does not query the database: call a domain function in server/<domain>/ that does (docs/contributing.md).";

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".data/**",
      "server/generated/**",
      "test-results/**",
      "next-env.d.ts",
      "embed/dist/**",
      "tmp/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from server/env.ts." }],
    },
  },
  {
    // The env module itself, scripts that configure child processes, and tests may touch process.env.
    files: ["server/env.ts", "scripts/**", "tests/**", "bench/**", "vitest.config.ts", "next.config.ts", "prisma.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { isession: { rules: { "client-imports-types-only": clientImportsTypesOnly, "server-only": serverOnly } } },
  },
  {
    // In app/ only the files marked "use client" run in the browser (and everything they import).
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: { "isession/client-imports-types-only": "error" },
  },
  {
    // Pure and reached by the browser through lib/macros.ts: the one exception (docs/contributing.md).
    files: ["server/**/*.ts"],
    ignores: ["server/generated/**", "server/api/schemas/safe-string.ts"],
    rules: { "isession/server-only": "error" },
  },
  {
    // Who hears a realtime notice is said as an Audience, and a page is handed the names it
    // subscribes to: only server/realtime/ turns either into a channel name and publishes
    // (docs/contributing.md, "Add a realtime event"). Tests and benchmarks address channels directly.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["server/generated/**", "server/realtime/**", "tests/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...REALTIME_INSIDE_ONLY] }],
    },
  },
  {
    // Routers validate, resolve the caller and call one domain function: they never query a table
    // (docs/contributing.md).
    files: ["server/api/routers/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            ...REALTIME_INSIDE_ONLY,
            { regex: "(^|/)server/db$|^\\.\\./\\.\\./db$", allowTypeImports: true, message: ROUTERS_QUERY_NOTHING },
          ],
        },
      ],
    },
  },
  {
    // components/ and lib/ are what the browser loads (a file without "use client" becomes client
    // code as soon as a client component imports it), so the rule holds for every file there.
    // Server components that read the session belong in app/, beside the route that renders them.
    files: ["components/**/*.ts", "components/**/*.tsx", "lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [...REALTIME_INSIDE_ONLY, { regex: SERVER_MODULE, allowTypeImports: true, message: TYPES_ONLY_FROM_SERVER }] },
      ],
    },
  },
];

export default config;
