// Prisma CLI configuration (Prisma 7 reads the connection from here, not from the schema).
// Only `prisma generate` is used from the CLI: migrations go through scripts/db.ts, which works
// offline (see docs/migrations.md).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
