import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { orgProcedure, router, createCallerFactory, createContext } from "../../server/api/trpc";
import { appRouter } from "../../server/api/root";
import { db } from "../../server/db";
import { callerFor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let a: Seeded;
let b: Seeded;

beforeAll(async () => {
  a = await seedOrg({ name: "Org A" });
  b = await seedOrg({ name: "Org B" });
});

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe("tenant isolation", () => {
  it("lets an agent read its own org and members", async () => {
    const api = callerFor(a.agents[0]!.user);
    const org = await api.org.get({ orgId: a.org.id });
    expect(org.name).toBe("Org A");
    const members = await api.org.members({ orgId: a.org.id });
    expect(members.map((m) => m.userId).sort()).toEqual(
      [a.owner.user.id, a.manager.user.id, a.agents[0]!.user.id, a.agents[1]!.user.id].sort(),
    );
    expect(members.every((m) => m.status === "offline" && m.capacity === 1)).toBe(true);
  });

  it("answers NOT_FOUND when an agent of org A asks for org B, exactly as for an org that does not exist", async () => {
    const api = callerFor(a.agents[0]!.user);
    const other = await errorOf(api.org.get({ orgId: b.org.id }));
    const missing = await errorOf(api.org.get({ orgId: "org_that_does_not_exist" }));
    expect(other.code).toBe("NOT_FOUND");
    expect(other.message).toBe(missing.message);
    expect((await errorOf(api.org.members({ orgId: b.org.id }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND from every org-scoped procedure of the app to the owner of another org", async () => {
    // A sweep over the whole router, so a procedure added later is covered without anyone
    // remembering to list it. Org-scoped procedures take `orgId` as their first input (orgProcedure);
    // the membership check runs before the rest of the input is even parsed, so `{ orgId }` alone
    // must come back NOT_FOUND, never data and never a hint that the org exists.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
    const orgScoped = Object.entries(procedures)
      .filter(([, proc]) => {
        const first = proc._def.inputs[0] as { shape?: Record<string, unknown> } | undefined;
        return first?.shape !== undefined && "orgId" in first.shape;
      })
      .map(([path]) => path);
    expect(orgScoped.length).toBeGreaterThan(40);
    const outsider = callerFor(b.owner.user) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const outcomes: string[] = [];
    for (const path of orgScoped) {
      const [ns, name] = path.split(".") as [string, string];
      const e = await outsider[ns]![name]!({ orgId: a.org.id }).then(
        () => "succeeded",
        (err: unknown) => (err instanceof TRPCError ? err.code : String(err)),
      );
      outcomes.push(`${path}: ${e}`);
    }
    // The reseller portal and the operator console also name orgs, but refuse a caller who is no
    // reseller's member / no operator before any org is looked up (their own tests cover
    // another reseller's org answering NOT_FOUND).
    const expected = (path: string) => (/^(reseller|admin)\./.test(path) ? "FORBIDDEN" : "NOT_FOUND");
    expect(outcomes).toEqual(orgScoped.map((path) => `${path}: ${expected(path)}`));
  });

  it("treats a deactivated membership as no membership", async () => {
    await db.membership.update({ where: { id: a.agents[1]!.membership.id }, data: { active: false } });
    const api = callerFor(a.agents[1]!.user);
    expect((await errorOf(api.org.get({ orgId: a.org.id }))).code).toBe("NOT_FOUND");
  });

  it("requires sign-in", async () => {
    const e = await errorOf(callerFor(null).org.get({ orgId: a.org.id }));
    expect(e.code).toBe("UNAUTHORIZED");
    expect((await errorOf(callerFor(null).me())).code).toBe("UNAUTHORIZED");
  });

  it("rejects a malformed org id with BAD_REQUEST before touching the database", async () => {
    const e = await errorOf(callerFor(a.owner.user).org.get({ orgId: "" }));
    expect(e.code).toBe("BAD_REQUEST");
  });

  it("answers FORBIDDEN to a member whose role lacks the permission", async () => {
    const probe = router({
      writeLaunchers: orgProcedure("launchers.write")
        .input(z.object({ label: z.string() }))
        .mutation(({ ctx, input }) => `${ctx.org.id}:${ctx.member.role}:${input.label}`),
    });
    const call = (user: { id: string; email: string; name: string | null }) =>
      createCallerFactory(probe)(createContext({ user, ip: "203.0.113.9" }));
    const denied = await errorOf(call(a.agents[0]!.user).writeLaunchers({ orgId: a.org.id, label: "x" }));
    expect(denied.code).toBe("FORBIDDEN");
    expect(await call(a.owner.user).writeLaunchers({ orgId: a.org.id, label: "x" })).toBe(`${a.org.id}:OWNER:x`);
    // A stranger still learns nothing: NOT_FOUND, not FORBIDDEN.
    expect((await errorOf(call(b.owner.user).writeLaunchers({ orgId: a.org.id, label: "x" }))).code).toBe("NOT_FOUND");
  });

  it("lists each user's own memberships in `me`", async () => {
    const me = await callerFor(b.manager.user).me();
    expect(me.memberships).toEqual([
      { id: b.manager.membership.id, role: "MANAGER", org: { id: b.org.id, name: "Org B", slug: b.org.slug } },
    ]);
    expect(me.isPlatformAdmin).toBe(false);
  });
});
