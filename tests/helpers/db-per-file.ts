// Runs before each integration test file: a fresh database copied from the migrated template,
// dropped when the file is done. Server modules read DATABASE_URL lazily, so setting it here works.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { dropDatabase, ensureDatabase, withDatabase } from "../../scripts/lib/postgres";
import { disconnectDb } from "../../server/db";
import { stopJobSender } from "../../server/jobs/boss";

const serverUrl = inject("dbServerUrl");
const name = `isession_t_${randomBytes(6).toString("hex")}`;
await ensureDatabase(serverUrl, name, inject("templateDb"));
process.env.DATABASE_URL = withDatabase(serverUrl, name);
// Publishing goes to a real relay started once for the run.
process.env.RELAY_HOST = "127.0.0.1";
process.env.RELAY_PORT = String(inject("relayPort"));

afterAll(async () => {
  await stopJobSender();
  await disconnectDb();
  await dropDatabase(serverUrl, name);
});
