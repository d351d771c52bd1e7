// The migrations folder must produce exactly the schema in prisma/schema.prisma: no drift.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, readMigrations } from "../../scripts/lib/migrations";
import { dropDatabase, ensureDatabase, withDatabase } from "../../scripts/lib/postgres";
import { diffDatabaseToSchema } from "../../scripts/lib/schema-engine";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
const serverUrl = inject("dbServerUrl");
const scratch = `isession_mig_${process.pid}_${Date.now().toString(36)}`;
const url = withDatabase(serverUrl, scratch);

afterAll(() => dropDatabase(serverUrl, scratch));

describe("migrations", () => {
  it("apply from empty to exactly the schema, with Prisma-compatible history", async () => {
    await ensureDatabase(serverUrl, scratch);
    const first = await applyMigrations(url);
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(first.applied).toEqual(migrations.map((m) => m.name));

    expect(await diffDatabaseToSchema({ databaseUrl: url, schemaPath: SCHEMA })).toBe("");

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(createHash("sha256").update(migrations[i]!.sql).digest("hex"));
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it("are applied once: a second run changes nothing", async () => {
    const again = await applyMigrations(url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(readMigrations().length);
  });

  it("detect drift: a schema with one more column yields an ALTER TABLE", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "isession-drift-"));
    const drifted = path.join(dir, "schema.prisma");
    const source = readFileSync(SCHEMA, "utf8").replace(/model Macro \{\n/, "model Macro {\n  driftProbe String?\n");
    writeFileSync(drifted, source);
    const sql = await diffDatabaseToSchema({ databaseUrl: url, schemaPath: drifted });
    expect(sql).toMatch(/ALTER TABLE "Macro" ADD COLUMN\s+"driftProbe" TEXT/);
  });

  it("roll back a failing migration and record nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "isession-badmig-"));
    for (const m of readMigrations()) {
      mkdirSync(path.join(dir, m.name));
      writeFileSync(path.join(dir, m.name, "migration.sql"), m.sql);
    }
    mkdirSync(path.join(dir, "99990101000000_broken"));
    writeFileSync(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      'CREATE TABLE "ShouldVanish" (id int);\nSELECT * FROM "no_such_table";\n',
    );
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/99990101000000_broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const table = await client.query(`SELECT to_regclass('"ShouldVanish"') AS t`);
    const recorded = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`);
    await client.end();
    expect(table.rows[0].t).toBeNull();
    expect(recorded.rowCount).toBe(0);
  });
});
