// The Prisma client, over node-postgres through @prisma/adapter-pg (Prisma 7 has no query engine
// binary). Created on first use so that importing a module never opens a pool, and so that a
// missing DATABASE_URL fails with a message that says what to do.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __isessionDb?: PrismaClient };

export function createDb(connectionString: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: 10 });
  return new PrismaClient({ adapter });
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
