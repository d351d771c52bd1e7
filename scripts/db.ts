// Database commands that work offline (Prisma's CLI migrate needs a native engine it would download):
//   npm run db:migrate -- --name add_x   create a migration from schema changes, then apply it
//   npm run db:deploy                    apply pending migrations
//   npm run db:reset                     drop the database, re-apply every migration, seed the demo
//   npm run db:seed                      seed the demo organization if it is missing
//   npm run db:seed -- --history [--sessions N] [--database-url URL]
//                                        apply migrations, then write 12 months of "History Co" (scripts/seed-history.ts)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedDemo } from "../prisma/seed";
import { seedHistory } from "./seed-history";
import { createDb } from "../server/db";
import { getEnv } from "../server/env";
import { openDatabase, type DatabaseHandle } from "./lib/database";
import { applyMigrations, MIGRATIONS_DIR } from "./lib/migrations";
import { dropDatabase, ensureDatabase, withDatabase } from "./lib/postgres";
import { diffDatabaseToSchema } from "./lib/schema-engine";

const SCHEMA_PATH = path.resolve(import.meta.dirname, "../prisma/schema.prisma");
const log = (line: string) => console.log(`[db] ${line}`);

/** `20261128123456` in UTC, like Prisma's migration folder prefix. */
function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** SQL from the migrations folder to the schema file, computed on a scratch database. */
export async function pendingSchemaChanges(serverUrl: string): Promise<string> {
  const scratch = `isession_scratch_${process.pid}_${Date.now().toString(36)}`;
  await ensureDatabase(serverUrl, scratch);
  try {
    const url = withDatabase(serverUrl, scratch);
    await applyMigrations(url);
    return (await diffDatabaseToSchema({ databaseUrl: url, schemaPath: SCHEMA_PATH })).trim();
  } finally {
    await dropDatabase(serverUrl, scratch);
  }
}

async function migrate(handle: DatabaseHandle, name: string | undefined) {
  const sql = await pendingSchemaChanges(handle.serverUrl);
  if (!sql) {
    log("the schema matches the migrations: nothing to create");
  } else {
    if (!name) throw new Error("The schema has changes: name the migration, e.g. npm run db:migrate -- --name add_notes");
    const safe = name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^_+|_+$/g, "");
    const folder = path.join(MIGRATIONS_DIR, `${timestamp()}_${safe}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "migration.sql"), sql + "\n");
    writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    log(`created ${path.relative(process.cwd(), folder)}/migration.sql`);
  }
  await deploy(handle);
}

async function deploy(handle: DatabaseHandle) {
  const result = await applyMigrations(handle.url, { log });
  log(`${result.applied.length} applied, ${result.alreadyApplied} already applied`);
}

async function seed(handle: DatabaseHandle) {
  const db = createDb(handle.url);
  try {
    const created = await seedDemo(db, { baseUrl: getEnv().NEXTAUTH_URL });
    log(created ? "seeded the demo organization" : "demo organization already present");
  } finally {
    await db.$disconnect();
  }
}

async function reset(handle: DatabaseHandle) {
  const name = new URL(handle.url).pathname.slice(1);
  await dropDatabase(handle.serverUrl, name);
  await ensureDatabase(handle.serverUrl, name);
  log(`recreated database ${name}`);
  await deploy(handle);
  await seed(handle);
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, history: { type: "boolean" }, sessions: { type: "string" }, "database-url": { type: "string" } },
  });
  const command = positionals[0];
  const commands: Record<string, (h: DatabaseHandle) => Promise<void>> = {
    migrate: (h) => migrate(h, values.name ?? positionals[1]),
    deploy,
    reset,
    seed: values.history
      ? async (h) => {
          await deploy(h);
          const sessions = Number(values.sessions ?? 1_000_000);
          if (!Number.isInteger(sessions) || sessions < 10) throw new Error("--sessions takes a whole number of at least 10");
          await seedHistory(h.url, { sessions, log });
        }
      : seed,
  };
  const run = command ? commands[command] : undefined;
  if (!run) throw new Error(`usage: tsx scripts/db.ts <${Object.keys(commands).join("|")}> [--name x]`);
  const url = values["database-url"];
  const handle: DatabaseHandle = url
    ? { url, serverUrl: withDatabase(url, "postgres"), embedded: null, release: async () => {} }
    : await openDatabase(getEnv(), log);
  try {
    await run(handle);
  } finally {
    await handle.release();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`[db] ${(e as Error).message}`);
    process.exit(1);
  });
}
