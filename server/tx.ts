// Domain functions take either the client or a caller's transaction.
import "server-only";
import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";

export type Tx = Prisma.TransactionClient;

/** Inside a caller's transaction, join it; otherwise open one. */
export function withTx<T>(db: Db | Tx, run: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(run) : run(db);
}
