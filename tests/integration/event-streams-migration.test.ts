// The migration to one numbering per audience renumbers an archive written under the old one (a
// single seq per session shared by room and private events): the room 1..n in its old order, each
// private stream 1..k, Session.lastSeq = the room's count, a counter per private stream.
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../../scripts/lib/migrations";
import { dropDatabase, ensureDatabase, withDatabase } from "../../scripts/lib/postgres";

const MIGRATION = "20261204214600_event_streams";
const serverUrl = inject("dbServerUrl");
const scratch = `isession_streams_${process.pid}_${Date.now().toString(36)}`;
const url = withDatabase(serverUrl, scratch);

afterAll(() => dropDatabase(serverUrl, scratch));

describe("migration to per-stream numbering", () => {
  it("renumbers existing events per stream and sets the counters", async () => {
    // The migrations before this one, as a folder of their own.
    const before = mkdtempSync(path.join(os.tmpdir(), "isession-before-streams-"));
    for (const m of readMigrations().filter((m) => m.name < MIGRATION))
      cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    await ensureDatabase(serverUrl, scratch);
    await applyMigrations(url, { dir: before });

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES ('o', 'Org', 'org', now())`);
      await c.query(`INSERT INTO "Scenario" (id, "orgId", name, "updatedAt") VALUES ('sc', 'o', 'S', now())`);
      await c.query(`INSERT INTO "Session" (id, "orgId", "scenarioId", kind, "lastSeq") VALUES ('s1', 'o', 'sc', 'ONE_ON_ONE', 9)`);
      for (const [id, role] of [
        ["agent", "AGENT"],
        ["visitor", "VISITOR"],
        ["prompter", "PROMPTER"],
      ])
        await c.query(`INSERT INTO "Participant" (id, "orgId", "sessionId", role, "displayName") VALUES ($1, 'o', 's1', $2, $1)`, [
          id,
          role,
        ]);
      await c.query(`INSERT INTO "Sidebar" (id, "orgId", "sessionId", "createdByParticipantId") VALUES ('sb', 'o', 's1', 'agent')`);
      // The old numbering: one seq for all, private events taking numbers between room events.
      const rows: [number, string, string | null, string | null, string[], object][] = [
        [1, "session.started", null, null, [], {}],
        [2, "chat", "visitor", null, [], { text: "hi" }],
        [3, "prompt", "prompter", null, ["prompter", "agent"], { text: "greet", to: "agent" }],
        [4, "chat", "agent", null, [], { text: "hello" }],
        [5, "sidebar.opened", "agent", "sb", ["agent", "visitor"], {}],
        [6, "whisper", "agent", null, ["visitor", "agent", "visitor"], {}],
        [7, "prompt", "prompter", null, ["prompter", "agent"], { text: "offer", to: "agent" }],
        [8, "sidebar.chat", "visitor", "sb", ["agent", "visitor"], {}],
        [9, "chat", "visitor", null, [], { text: "thanks" }],
      ];
      for (const [seq, type, actor, sidebar, audience, payload] of rows) {
        await c.query(
          `INSERT INTO "SessionEvent" ("orgId", "sessionId", seq, type, "actorParticipantId", "sidebarId", audience, payload) VALUES ('o', 's1', $1, $2, $3, $4, $5, $6)`,
          [seq, type, actor, sidebar, audience, JSON.stringify(payload)],
        );
      }

      const result = await applyMigrations(url);
      expect(result.applied[0]).toBe(MIGRATION);

      const events = await c.query<{ type: string; stream: string; seq: number }>(
        `SELECT type, stream, seq FROM "SessionEvent" ORDER BY id`,
      );
      expect(events.rows.map((e) => [e.type, e.stream, e.seq])).toEqual([
        ["session.started", "room", 1],
        ["chat", "room", 2],
        ["prompt", "prompt:prompter:agent", 1],
        ["chat", "room", 3],
        ["sidebar.opened", "sidebar:sb", 1],
        ["whisper", "p:agent,visitor", 1],
        ["prompt", "prompt:prompter:agent", 2],
        ["sidebar.chat", "sidebar:sb", 2],
        ["chat", "room", 4],
      ]);
      expect((await c.query(`SELECT "lastSeq" FROM "Session" WHERE id = 's1'`)).rows).toEqual([{ lastSeq: 4 }]);
      expect((await c.query(`SELECT stream, "lastSeq" FROM "SessionStream" ORDER BY stream`)).rows).toEqual([
        { stream: "p:agent,visitor", lastSeq: 1 },
        { stream: "prompt:prompter:agent", lastSeq: 2 },
        { stream: "sidebar:sb", lastSeq: 2 },
      ]);
    } finally {
      await c.end();
    }
  });
});
