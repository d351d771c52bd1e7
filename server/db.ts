// The Prisma client, over node-postgres through @prisma/adapter-pg (Prisma 7 has no query engine
// binary). Created on first use so that importing a module never opens a pool, and so that a
// missing DATABASE_URL fails with a message that says what to do.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

// Next's bundle and our own server (tsx) each load this module: what both must share lives on globalThis.
const globalForDb = globalThis as unknown as { __isessionDb?: PrismaClient; __isessionPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (globalForDb.__isessionPools ??= new WeakMap());

/**
 * Named (prepared) statements for the texts a process runs again and again, e.g. a chat line's
 * append: PostgreSQL then parses and plans them once per connection, not on every call
 * (docs/performance.md). A text is named from its third run, and at most 500 texts are (per
 * connection that many plans at most); the rest run unnamed as before. The name is the text's
 * hash, so every copy of this module names a text alike.
 */
export const statementName = statementNames();

function statementNames(): (query: { sql: string }) => string {
  const runs = new Map<string, number>();
  const names = new Map<string, string>();
  return ({ sql }) => {
    const name = names.get(sql);
    if (name !== undefined) return name;
    if (names.size >= 500) return "";
    const n = (runs.get(sql) ?? 0) + 1;
    if (n < 3) {
      if (runs.size < 5000) runs.set(sql, n);
      return "";
    }
    runs.delete(sql);
    const named = `isession_${createHash("sha256").update(sql).digest("base64url").slice(0, 32)}`;
    names.set(sql, named);
    return named;
  };
}

export function createDb(connectionString: string): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementName, disposeExternalPool: true });
  const client = new PrismaClient({ adapter });
  pools.set(client, pool);
  return client;
}

/**
 * The connections under `db`, for the one statement the chat line path sends without Prisma's
 * client (server/archive/append.ts): Prisma's per-query work was a quarter of a line's web CPU.
 */
export function dbPool(): pg.Pool {
  return pools.get(instance())!;
}

function instance(): PrismaClient {
  if (!globalForDb.__isessionDb) {
    const url = env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Run the app with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
      );
    }
    // Kept on globalThis so Next's dev-mode module reloads reuse one pool.
    globalForDb.__isessionDb = createDb(url);
  }
  return globalForDb.__isessionDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  has: (_target, prop) => prop in instance(),
  get(_target, prop) {
    const client = instance();
    const value = Reflect.get(client, prop) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.__isessionDb;
  globalForDb.__isessionDb = undefined;
  await client?.$disconnect();
}
