// Sign-in throttling, as rate-limiter-flexible documents login protection ("Brute-force protection",
// login endpoint), kept in PostgreSQL through the app's Prisma client (RateLimiterPrisma, model
// RateLimit):
// - consecutive failures by account + address: a typo streak or a guesser on one address waits;
//   a success on that pair forgets them;
// - failures by address per day, over all accounts: slows a sprayer;
// - failures by account from devices that never signed in to it: stops distributed guessing, but
//   a known device (device cookie) and the owner's emailed unlock link get past it, so a stranger
//   cannot lock the owner out.
// Only failures are counted, and only after the password was checked; a refused attempt changes no
// counter. Keys carry a hash of the email, never the address itself.
import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "../db";

export const SIGN_IN_LIMITS = {
  /** Failures in a row for one account from one address; then that pair waits `pairBlockMs`. */
  pairConsecutive: 5,
  pairBlockMs: 15 * 60_000,
  /** Failures per address per day, over all accounts; then the address waits a day. */
  ipPerDay: 100,
  /** Failures per account per hour from devices not known for it; then those devices wait an hour. */
  accountUntrusted: 10,
  accountWindowMs: 60 * 60_000,
  accountBlockMs: 60 * 60_000,
} as const;

const DAY_S = 24 * 3600;
const PREFIX = { pair: "signin_pair", ip: "signin_ip", account: "signin_account" } as const;

function emailKey(email: string): string {
  return createHash("sha256").update(email).digest("hex").slice(0, 32);
}

type Limiters = { pair: RateLimiterPrisma; ip: RateLimiterPrisma; account: RateLimiterPrisma };
let limiters: Limiters | undefined;

function get(): Limiters {
  const common = { storeClient: db, tableName: "rateLimit" };
  limiters ??= {
    pair: new RateLimiterPrisma({
      ...common,
      keyPrefix: PREFIX.pair,
      points: SIGN_IN_LIMITS.pairConsecutive,
      duration: 90 * DAY_S, // "consecutive": only a success (or 90 quiet days) clears them
      blockDuration: SIGN_IN_LIMITS.pairBlockMs / 1000,
    }),
    ip: new RateLimiterPrisma({
      ...common,
      keyPrefix: PREFIX.ip,
      points: SIGN_IN_LIMITS.ipPerDay,
      duration: DAY_S,
      blockDuration: DAY_S,
    }),
    account: new RateLimiterPrisma({
      ...common,
      keyPrefix: PREFIX.account,
      points: SIGN_IN_LIMITS.accountUntrusted,
      duration: SIGN_IN_LIMITS.accountWindowMs / 1000,
      blockDuration: SIGN_IN_LIMITS.accountBlockMs / 1000,
    }),
  };
  return limiters;
}

export type LimitScope = "pair" | "ip" | "account";
export type Throttled = { scope: LimitScope; retryAfterMs: number };

const pairKey = (email: string, ip: string) => `${emailKey(email)}_${ip}`;

/** The first limit this attempt is over, without counting anything; null when it may go ahead. */
export async function checkSignInLimits(email: string, ip: string, trustedDevice: boolean): Promise<Throttled | null> {
  const l = get();
  const [pair, byIp, account] = await Promise.all([
    l.pair.get(pairKey(email, ip)),
    l.ip.get(ip),
    trustedDevice ? Promise.resolve(null) : l.account.get(emailKey(email)),
  ]);
  const over = (res: RateLimiterRes | null, max: number) => res !== null && res.consumedPoints > max;
  if (over(byIp, SIGN_IN_LIMITS.ipPerDay)) return { scope: "ip", retryAfterMs: byIp!.msBeforeNext };
  if (over(pair, SIGN_IN_LIMITS.pairConsecutive)) return { scope: "pair", retryAfterMs: pair!.msBeforeNext };
  if (over(account, SIGN_IN_LIMITS.accountUntrusted)) return { scope: "account", retryAfterMs: account!.msBeforeNext };
  return null;
}

/**
 * Counts one failed password. Returns the limit this failure crossed, if any, and whether it just
 * locked the account for unknown devices (the moment to email the owner an unlock link).
 */
export async function recordSignInFailure(
  email: string,
  ip: string,
  trustedDevice: boolean,
): Promise<{ throttled: Throttled | null; accountJustLocked: boolean }> {
  const l = get();
  const consume = (limiter: RateLimiterPrisma, key: string, scope: LimitScope) =>
    limiter.consume(key).then(
      () => null,
      (rejected: unknown) => {
        if (rejected instanceof RateLimiterRes) return { scope, retryAfterMs: rejected.msBeforeNext, points: rejected.consumedPoints };
        throw rejected;
      },
    );
  const [byIp, pair, account] = await Promise.all([
    consume(l.ip, ip, "ip"),
    consume(l.pair, pairKey(email, ip), "pair"),
    trustedDevice ? Promise.resolve(null) : consume(l.account, emailKey(email), "account"),
  ]);
  const first = byIp ?? pair ?? account;
  return {
    throttled: first ? { scope: first.scope, retryAfterMs: first.retryAfterMs } : null,
    accountJustLocked: account !== null && account.points === SIGN_IN_LIMITS.accountUntrusted + 1,
  };
}

/** A successful sign-in forgets the failures of this account from this address. */
export async function recordSignInSuccess(email: string, ip: string): Promise<void> {
  await get().pair.delete(pairKey(email, ip));
}

/** The owner proved the mailbox (unlock link): the account's lock and every address's streak go. */
export async function clearAccountLimits(email: string): Promise<void> {
  const k = emailKey(email);
  await db.rateLimit.deleteMany({
    where: { OR: [{ key: `${PREFIX.account}:${k}` }, { key: { startsWith: `${PREFIX.pair}:${k}_` } }] },
  });
}

/** Storage keys, for tests and the operator: which row holds which counter. */
export const limitKeys = {
  pair: (email: string, ip: string) => `${PREFIX.pair}:${pairKey(email, ip)}`,
  ip: (ip: string) => `${PREFIX.ip}:${ip}`,
  account: (email: string) => `${PREFIX.account}:${emailKey(email)}`,
};
