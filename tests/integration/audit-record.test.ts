// recordAudit / recordAudits write the rows the audit page and the tests read: one row per entry,
// the actor's columns as auditRow maps them, the column defaults where the entry says nothing.
import { describe, expect, it } from "vitest";
import { apiKeyActor, memberActor, systemActor, visitorActor } from "../../server/access/actor";
import { recordAudit, recordAudits } from "../../server/access/audit";
import { db } from "../../server/db";
import { seedOrg } from "../helpers/factories";

const columns = {
  orgId: true,
  actorType: true,
  actorUserId: true,
  action: true,
  targetType: true,
  targetId: true,
  data: true,
  ip: true,
} as const;

describe("recordAudit", () => {
  it("writes a member's action as the user's, with the given target and data", async () => {
    const s = await seedOrg();
    const actor = memberActor({ userId: s.owner.user.id, membershipId: s.owner.membership.id, role: "OWNER" });
    await recordAudit(db, actor, { orgId: s.org.id, action: "test.member", targetType: "Membership", targetId: "m_x", data: { a: 1 } });
    expect(await db.auditLog.findFirstOrThrow({ where: { orgId: s.org.id, action: "test.member" }, select: columns })).toEqual({
      orgId: s.org.id,
      actorType: "user",
      actorUserId: s.owner.user.id,
      action: "test.member",
      targetType: "Membership",
      targetId: "m_x",
      data: { a: 1 },
      ip: null,
    });
  });

  it("writes a visitor with its address and the given time, and an empty object for no data", async () => {
    const s = await seedOrg();
    const at = new Date("2026-03-04T05:06:07.000Z");
    await db.$transaction((tx) => recordAudit(tx, visitorActor("198.51.100.4"), { orgId: s.org.id, action: "test.visitor", at }));
    const row = await db.auditLog.findFirstOrThrow({
      where: { orgId: s.org.id, action: "test.visitor" },
      select: { ...columns, createdAt: true },
    });
    expect(row).toMatchObject({ actorType: "visitor", actorUserId: null, ip: "198.51.100.4", data: {}, targetType: null, createdAt: at });
  });

  it("writes an API key's id into the data", async () => {
    const s = await seedOrg();
    await recordAudit(db, apiKeyActor("key_9"), { orgId: s.org.id, action: "test.key", targetType: "Visitor", targetId: "v_1" });
    expect(await db.auditLog.findFirstOrThrow({ where: { orgId: s.org.id, action: "test.key" }, select: columns })).toMatchObject({
      actorType: "api_key",
      actorUserId: null,
      data: { apiKeyId: "key_9" },
    });
  });

  it("writes several rows in one call, and nothing for an empty list", async () => {
    const [a, b] = [await seedOrg(), await seedOrg()];
    await recordAudits(db, systemActor("billing"), [
      { orgId: a.org.id, action: "test.many", targetType: "Organization", targetId: a.org.id },
      { orgId: b.org.id, action: "test.many", targetType: "Organization", targetId: b.org.id },
    ]);
    await recordAudits(db, systemActor("billing"), []);
    const rows = await db.auditLog.findMany({ where: { action: "test.many" }, select: columns, orderBy: { targetId: "asc" } });
    expect(rows.map((r) => [r.orgId, r.actorType, r.actorUserId, r.targetId])).toEqual(
      [a.org.id, b.org.id].sort().map((id) => [id, "system", null, id]),
    );
  });
});
