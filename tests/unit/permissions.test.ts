import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, permissionsOf, type Permission } from "../../server/access/permissions";

const ROLES = ["OWNER", "ADMIN", "MANAGER", "AGENT"] as const;
const ALL = Object.keys(PERMISSIONS) as Permission[];

describe("permissions table", () => {
  it("gives the owner every permission", () => {
    expect(permissionsOf("OWNER")).toEqual(ALL);
  });

  it("is ordered: each role can do at most what the role above it can", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const above = new Set(permissionsOf(ROLES[i - 1]!));
      for (const p of permissionsOf(ROLES[i]!)) expect(above.has(p), `${ROLES[i]} has ${p} but ${ROLES[i - 1]} does not`).toBe(true);
    }
  });

  it("lets agents work sessions but not configure the org", () => {
    expect(can("AGENT", "sessions.handle")).toBe(true);
    expect(can("AGENT", "queue.read")).toBe(true);
    for (const p of ["org.write", "launchers.write", "members.write", "billing.read", "sessions.monitor", "reports.read"] as const) {
      expect(can("AGENT", p), p).toBe(false);
    }
  });

  it("lets managers monitor and report but not administer", () => {
    expect(can("MANAGER", "sessions.monitor")).toBe(true);
    expect(can("MANAGER", "reports.read")).toBe(true);
    expect(can("MANAGER", "launchers.write")).toBe(false);
    expect(can("MANAGER", "billing.read")).toBe(false);
  });

  it("keeps payment changes with the owner alone", () => {
    expect(ROLES.filter((r) => can(r, "billing.write"))).toEqual(["OWNER"]);
    expect(ROLES.filter((r) => can(r, "billing.read"))).toEqual(["OWNER", "ADMIN"]);
  });

  it("names only known roles", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
  });
});
