// The Prisma client, over node-postgres through @prisma/adapter-pg (Prisma 7 has no query engine
// binary). Created on first use so that importing a module never opens a pool, and so that a
// missing DATABASE_URL fails with a message that says what to do.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __isessionDb?: PrismaClient; __isessionQueueDbs?: Partial<Record<QueuePool, PrismaClient>> };

export function createDb(connectionString: string, max = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max });
  return new PrismaClient({ adapter });
}

function databaseUrl(): string {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Run the app with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
    );
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
}
