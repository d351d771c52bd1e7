// The Prisma client, over node-postgres through @prisma/adapter-pg (Prisma 7 has no query engine
// binary). Created on first use so that importing a module never opens a pool, and so that a
// missing DATABASE_URL fails with a message that says what to do.
import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

// Next's bundle and our own server (tsx) each load this module: what both must share lives on globalThis.
const globalForDb = globalThis as unknown as {
  __isessionDb?: PrismaClient;
  __isessionPools?: WeakMap<PrismaClient, pg.Pool>;
  __isessionQueueDbs?: Partial<Record<QueuePool, PrismaClient>>;
};
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

export function createDb(connectionString: string, max = 10): PrismaClient {
  // Idle connections are kept for 5 minutes, not node-postgres's 10 s: under a load that ebbs and
  // flows within seconds the pool otherwise closed connections and opened new ones mid-burst, each
  // new one paying a backend's start, password authentication (SCRAM), cold catalog caches and its
  // statements prepared again, all on the cores serving the burst. bench/routing saw five accepts on
  // fresh connections take 170-205 ms together in one such second (docs/performance.md). Idle
  // connections do not keep a process alive (allowExitOnIdle): a script that never disconnects
  // still exits when it is done, as it did after 10 s before.
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 300_000, allowExitOnIdle: true });
  // Prisma's adapter listens for idle connections' errors only once the client has run a query; a
  // pool used without it (queuePool) must not turn a dropped idle connection into a crash.
  pool.on("error", (e) => console.warn(`[db] idle connection closed: ${e.message}`));
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

function databaseUrl(): string {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Run the app with `npm start` (embedded PostgreSQL) or set DATABASE_URL.");
  }
  return url;
}

function instance(): PrismaClient {
  // Kept on globalThis so Next's dev-mode module reloads reuse one pool.
  globalForDb.__isessionDb ??= createDb(databaseUrl());
  return globalForDb.__isessionDb;
}

/** Connections of the queue's own pools (see queueDb). */
const QUEUE_POOLS = { arrivals: 4, dispatch: 2 } as const;
type QueuePool = keyof typeof QUEUE_POOLS;

/**
 * A few connections of their own for queue arrivals and for dispatch rounds (server/queue/enqueue.ts,
 * server/routing/dispatch.ts): a backlog of request work waiting for the main pool (accepts, chat
 * lines) never delays the insert of an arrival or the round that offers it, and a burst of arrivals
 * never holds up the rounds that offer them.
 */
export function queueDb(pool: QueuePool): PrismaClient {
  const pools = (globalForDb.__isessionQueueDbs ??= {});
  pools[pool] ??= createDb(databaseUrl(), QUEUE_POOLS[pool]);
  return pools[pool];
}

/**
 * The connections under a queue pool, for the statements a dispatch round sends without Prisma's
 * client (server/routing/dispatch.ts): a round is then three round trips, not seven plus Prisma's
 * work on each.
 */
export function queuePool(pool: QueuePool): pg.Pool {
  return pools.get(queueDb(pool))!;
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
  const clients = [globalForDb.__isessionDb, ...Object.values(globalForDb.__isessionQueueDbs ?? {})];
  globalForDb.__isessionDb = undefined;
  globalForDb.__isessionQueueDbs = undefined;
  await Promise.all(clients.flatMap((c) => (c ? [c.$disconnect()] : [])));
  // A client that never ran a query leaves its pool to us (Prisma ends it only if it connected).
  await Promise.all(clients.flatMap((c) => (c && pools.get(c) && !pools.get(c)!.ended ? [pools.get(c)!.end()] : [])));
}
