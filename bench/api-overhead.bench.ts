// How much do Prisma and the tRPC layer add over the raw SQL of one org-scoped read?
// Baseline: the members query written by hand over a pg pool. Printed as ratios to the baseline.
import pg from "pg";
import { throwawayDatabase, measure } from "./lib";

const database = await throwawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
process.env.PUSHER_SECRET ??= "bench-only-secret-0123";

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { listMembers } = await import("../server/members/list-members");
const { createCaller } = await import("../server/api/root");
const { createContext } = await import("../server/api/trpc");

const owner = await db.user.create({ data: { email: "owner@bench.test", name: "Owner" } });
const { org } = await createOrganization(db, { name: "Bench Co", ownerUserId: owner.id });
for (let i = 0; i < 49; i++) {
  const u = await db.user.create({ data: { email: `agent${i}@bench.test`, name: `Agent ${i}` } });
  await db.membership.create({ data: { orgId: org.id, userId: u.id, role: "AGENT", presence: { create: { orgId: org.id } } } });
}

const pool = new pg.Pool({ connectionString: database.url, max: 4 });
const rawSql = `
  SELECT m.id, m.role, m.active, m."displayName", u.id AS "userId", u.email, u.name, p.status, p.capacity, p.since
  FROM "Membership" m JOIN "User" u ON u.id = m."userId" LEFT JOIN "AgentPresence" p ON p."membershipId" = m.id
  WHERE m."orgId" = $1 ORDER BY m.role, m."createdAt"`;
const api = createCaller(createContext({ user: { id: owner.id, email: owner.email, name: owner.name }, ip: "127.0.0.1" }));

const raw = await measure(() => pool.query(rawSql, [org.id]));
const prisma = await measure(() => listMembers({ orgId: org.id }));
const trpc = await measure(() => api.org.members({ orgId: org.id }));

console.log(`org.members, 50 members, median per call (sequential):`);
console.log(`  raw SQL (baseline)   ${raw.toFixed(0).padStart(6)} us   1.00x`);
console.log(`  Prisma listMembers   ${prisma.toFixed(0).padStart(6)} us   ${(prisma / raw).toFixed(2)}x`);
console.log(`  tRPC org.members     ${trpc.toFixed(0).padStart(6)} us   ${(trpc / raw).toFixed(2)}x`);

await pool.end();
await disconnectDb();
await database.close();
