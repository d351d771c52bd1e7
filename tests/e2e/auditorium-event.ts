// A live auditorium of the demo org for the e2e files, seated as staff starting an event would be
// (the producer: the manager; a speaker: agent1), with its public join key.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const rowId = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;

/**
 * A live auditorium of the demo org, its producer (the manager) and a speaker (agent1) seated, as
 * staff starting an event do; attendees come by its public link.
 */
export async function startEvent(databaseUrl: string, title: string): Promise<{ sessionId: string; joinKey: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const member = async (email: string) =>
      (await client.query<{ id: string; orgId: string; name: string }>(`SELECT m.id, m."orgId", u.name FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email])).rows[0]!;
    const manager = await member("manager@demo.test");
    const agent = await member("agent1@demo.test");
    const scenario = (await client.query<{ id: string }>(`SELECT id FROM "Scenario" WHERE "orgId" = $1 AND kind = 'AUDITORIUM' LIMIT 1`, [manager.orgId])).rows[0]!;
    const sessionId = rowId("e2eaud");
    const joinKey = randomBytes(16).toString("base64url");
    const producerId = rowId("e2eprod");
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Session" (id, "orgId", "scenarioId", kind, title) VALUES ($1, $2, $3, 'AUDITORIUM', $4)`, [sessionId, manager.orgId, scenario.id, title]);
    await client.query(`INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "displayName") VALUES ($1, $2, $3, 'PRODUCER', true, $4, $5), ($6, $2, $3, 'SPEAKER', true, $7, $8)`, [
      producerId,
      manager.orgId,
      sessionId,
      manager.id,
      manager.name,
      rowId("e2espk"),
      agent.id,
      agent.name,
    ]);
    await client.query(`UPDATE "Session" SET "leaderParticipantId" = $1 WHERE id = $2`, [producerId, sessionId]);
    await client.query(`INSERT INTO "Auditorium" (id, "orgId", "scenarioId", "joinKey", title, "maxAttendees", "sessionId") VALUES ($1, $2, $3, $4, $5, 100, $6)`, [
      rowId("e2eevt"),
      manager.orgId,
      scenario.id,
      joinKey,
      title,
      sessionId,
    ]);
    await client.query("COMMIT");
    return { sessionId, joinKey };
  } finally {
    await client.end();
  }
}

