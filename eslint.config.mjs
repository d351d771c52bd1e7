// Next's rules plus type-checked TypeScript rules: floating promises and misused promises are
// the bugs that hurt most in a realtime app, so they are errors.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

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
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from server/env.ts." },
      ],
    },
  },
  {
    // The env module itself, scripts that configure child processes, and tests may touch process.env.
    files: ["server/env.ts", "scripts/**", "tests/**", "bench/**", "vitest.config.ts", "next.config.ts", "prisma.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
