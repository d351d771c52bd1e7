// The one validated env module: nothing else reads process.env (lint enforces it).
// With nothing set, everything runs locally: scripts/start.ts starts embedded PostgreSQL and
// passes DATABASE_URL to its children; secrets are generated once into DATA_DIR/secrets.json.
import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { trustedProxyEntryError } from "./http/client-address";

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const port = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Absent: `npm start` runs embedded PostgreSQL and sets it for its children. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Where embedded PostgreSQL keeps its data and where generated secrets live. */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  /** First port tried for embedded PostgreSQL (the next free one is used if it is taken). */
  EMBEDDED_PG_PORT: port(5488),
  /** Web server port. */
  PORT: port(3000),
  /** Public base URL of the web app; next-auth needs it. Default http://localhost:PORT. */
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Signs session tokens and visitor cookies. Generated into DATA_DIR/secrets.json when absent. */
  NEXTAUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
  /** Pusher-protocol app credentials shared by the web app and the relay. */
  PUSHER_APP_ID: z.preprocess(emptyAsUndefined, z.string().default("isession")),
  PUSHER_KEY: z.preprocess(emptyAsUndefined, z.string().default("isession-key")),
  /** Generated into DATA_DIR/secrets.json when absent. */
  PUSHER_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  /** Realtime relay (relay/): where it listens. */
  RELAY_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  RELAY_PORT: port(6001),
  /** Relay worker processes on one port (node:cluster); >1 needs REDIS_URL to share state. */
  RELAY_WORKERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /** Web server processes on PORT (node:cluster, scripts/web.ts). State they share lives in PostgreSQL or Redis (docs/processes.md). */
  WEB_WORKERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /** On SIGTERM, how long web, relay and worker take to finish in-flight work before they exit (docs/processes.md). */
  SHUTDOWN_GRACE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(300_000).default(10_000)),
  /** The worker's /healthz and /readyz port. Absent: the worker serves no HTTP. */
  WORKER_HEALTH_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  /** Where the relay posts its webhooks. Default: NEXTAUTH_URL + /api/realtime/webhook. */
  RELAY_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Redis for relay scale-out (pub/sub + shared presence). Absent: one node, in memory. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Managed Pusher instead of our relay: set PUSHER_CLUSTER (e.g. "eu"), or PUSHER_HOST for another
   * self-hosted endpoint. Absent: the app talks to our relay at RELAY_HOST:RELAY_PORT. */
  PUSHER_CLUSTER: optionalString,
  PUSHER_HOST: optionalString,
  PUSHER_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  PUSHER_USE_TLS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).optional()),
  /** Where the web app and the worker call our relay's HTTP API when browsers reach it at another
   * address (PUSHER_HOST behind a proxy), e.g. http://isession-relay:6001 inside a cluster.
   * Absent: the browsers' address. Ignored with managed Pusher (PUSHER_CLUSTER). */
  RELAY_API_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Development/testing only: hosts the framing probe may contact even though they resolve to
   * private or loopback addresses (comma-separated, e.g. "localhost,127.0.0.1"). */
  FRAME_PROBE_ALLOW_HOSTS: z.preprocess(emptyAsUndefined, z.string().default("")),
  /** Development/testing only: hosts webhook endpoints may point at although they are private or
   * loopback (comma-separated, e.g. "127.0.0.1,localhost"). Empty: public addresses only. */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: z.preprocess(emptyAsUndefined, z.string().default("")),
  /** Proxies whose X-Forwarded-For / X-Forwarded-Proto the web server believes: comma-separated IPs
   * or CIDR ranges (e.g. "10.0.0.0/8, ::1"). Empty: none, the socket's address is the client's. */
  TRUSTED_PROXIES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("")
      .superRefine((list, ctx) => {
        for (const entry of list
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)) {
          const error = trustedProxyEntryError(entry);
          if (error) ctx.addIssue({ code: "custom", message: error });
        }
      }),
  ),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS on connect).
   * Absent: the worker marks outbox emails NOT_SENT and logs one line per email instead. */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  /** The From of every email, e.g. "iSession <no-reply@example.com>". Default: no-reply@ the host of NEXTAUTH_URL. */
  EMAIL_FROM: optionalString,
  /** `info` by default; `debug` shows more from scripts/start.ts. */
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  /** Stripe metered billing. Absent: ledger mode (statements are kept, marked not charged; Stripe is never called). */
  STRIPE_SECRET_KEY: optionalString,
  /** Signing secret of the /api/stripe/webhook endpoint (whsec_...). */
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Another Stripe API base URL (tests, self-hosted mocks), e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Days an org may stay unpaid after a failed payment before its launchers are suspended. */
  BILLING_GRACE_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(90).default(7)),
  /**
   * How long a seat whose presence dropped (tab closed, connection lost) may come back before it is
   * left (server/sessions/presence-leave.ts). At most 30 s: the metering margin covers the grace
   * plus the job's own delay (server/billing/metering.ts, OPEN_MARGIN_MS). Tests set it short.
   */
  PRESENCE_LEAVE_GRACE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(30_000).default(30_000)), // = PRESENCE_LEAVE_GRACE_MS
  /**
   * Where the dispatch round after an arrival (or a decline, an agent becoming ready...) runs:
   * `inline` in the process that made the change, at once and coalesced per org; `worker` as a
   * pg-boss job for the worker (integration tests use it to run rounds themselves).
   */
  ROUTING_DISPATCH: z.preprocess(emptyAsUndefined, z.enum(["inline", "worker"]).default("inline")),
  /** DeepL API key: chat lines are translated by DeepL (docs/translation.md). Wins over LIBRETRANSLATE_URL. */
  DEEPL_AUTH_KEY: optionalString,
  /** Another DeepL API base URL (a proxy, tests). Absent: the SDK picks DeepL's free or pro API from the key. */
  DEEPL_SERVER_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** A LibreTranslate-compatible API (self-hosted), e.g. http://libretranslate:5000: translates chat lines when DEEPL_AUTH_KEY is absent. */
  LIBRETRANSLATE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** That API's key, when it asks for one. */
  LIBRETRANSLATE_API_KEY: optionalString,
  /** Requests one public API key may make per minute (/api/v1, docs/api.md). */
  API_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100_000).default(600)),
  /** Tests only: run integration tests against this server instead of an embedded one. */
  TEST_DATABASE_URL: optionalString,
});

export type Env = z.infer<typeof schema> & {
  NEXTAUTH_SECRET: string;
  PUSHER_SECRET: string;
  NEXTAUTH_URL: string;
};

const SECRET_BYTES = { NEXTAUTH_SECRET: 32, PUSHER_SECRET: 24, EMBEDDED_PG_PASSWORD: 24 } as const;
export type Secrets = Record<keyof typeof SECRET_BYTES, string>;

/** Reads DATA_DIR/secrets.json, adding fresh random secrets (file mode 0600) for any not there yet. */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.resolve(dataDir, "secrets.json");
  const stored: Partial<Secrets> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>) : {};
  const secrets = {} as Secrets;
  let changed = false;
  for (const [key, bytes] of Object.entries(SECRET_BYTES) as [keyof Secrets, number][]) {
    const existing = stored[key];
    secrets[key] = existing ?? randomBytes(bytes).toString("base64url");
    if (existing === undefined) changed = true;
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  return secrets;
}

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const needsSecrets = !e.NEXTAUTH_SECRET || !e.PUSHER_SECRET;
  const generated = needsSecrets ? loadOrCreateSecrets(e.DATA_DIR) : undefined;
  return {
    ...e,
    NEXTAUTH_SECRET: e.NEXTAUTH_SECRET ?? generated!.NEXTAUTH_SECRET,
    PUSHER_SECRET: e.PUSHER_SECRET ?? generated!.PUSHER_SECRET,
    NEXTAUTH_URL: e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`,
  };
}

let cached: Env | undefined;

/** The validated configuration, parsed once per process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const env: Env = new Proxy({} as Env, {
  get: (_t, key: string) => getEnv()[key as keyof Env],
});
