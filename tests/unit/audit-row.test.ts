// How each kind of actor becomes AuditLog columns: the one mapping every audited action goes through.
import { describe, expect, it } from "vitest";
import { apiKeyActor, memberActor, operatorActor, resellerActor, systemActor, userActor, visitorActor } from "../../server/access/actor";
import { auditRow } from "../../server/access/audit";

const entry = { orgId: "org_1", action: "thing.done", targetType: "Thing", targetId: "t_1", data: { n: 1 } };

describe("auditRow", () => {
  it.each([
    ["a member", memberActor({ userId: "u_1", membershipId: "m_1", role: "ADMIN" }), "user", "u_1"],
    ["a signed-in user", userActor("u_2"), "user", "u_2"],
    ["the operator", operatorActor("u_3"), "admin", "u_3"],
    ["a reseller", resellerActor("u_4", "r_1"), "reseller", "u_4"],
    ["a visitor", visitorActor(), "visitor", null],
    ["the system", systemActor("billing"), "system", null],
  ])("writes %s as actorType and actorUserId", (_name, actor, actorType, actorUserId) => {
    expect(auditRow(actor, entry)).toEqual({
      orgId: "org_1",
      actorType,
      actorUserId,
      action: "thing.done",
      targetType: "Thing",
      targetId: "t_1",
      data: { n: 1 },
      ip: null,
      createdAt: undefined,
    });
  });

  it("keeps an API key's id in the data, since no column holds it", () => {
    const row = auditRow(apiKeyActor("key_1"), { orgId: "org_1", action: "visitor.notes_updated" });
    expect(row).toMatchObject({ actorType: "api_key", actorUserId: null, data: { apiKeyId: "key_1" } });
    expect(auditRow(apiKeyActor("key_1"), entry).data).toEqual({ n: 1, apiKeyId: "key_1" });
  });

  it("takes the address from the actor, cut to 64 characters, and the time from the entry", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    expect(auditRow(visitorActor("203.0.113.9"), { orgId: null, action: "a", at })).toMatchObject({
      orgId: null,
      ip: "203.0.113.9",
      createdAt: at,
    });
    expect(auditRow(operatorActor("u", "x".repeat(100)), entry).ip).toBe("x".repeat(64));
  });

  it("leaves data and target to the column defaults when the entry has none", () => {
    expect(auditRow(systemActor("jobs"), { orgId: "o", action: "a" })).toMatchObject({
      data: undefined,
      targetType: undefined,
      targetId: undefined,
    });
  });
});
