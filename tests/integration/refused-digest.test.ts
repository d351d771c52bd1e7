// The operators' hourly digest of refused linking sites: real audit rows (recordRefusedVisit, as the
// launcher front door writes them), the real outbox, the digest's own watermark.
import { describe, expect, it } from "vitest";
import { REFUSED_DIGEST_KEY, sendRefusedDigest } from "../../server/admin/refused-digest";
import { db } from "../../server/db";
import { recordRefusedVisit } from "../../server/launchers/unauthorized";
import { createUser, seedOrg } from "../helpers/factories";

const HOUR = 3_600_000;

async function refused(s: Awaited<ReturnType<typeof seedOrg>>, host: string, at: Date) {
  await recordRefusedVisit({
    org: { id: s.org.id, name: s.org.name },
    launcher: { id: s.launcher.id, key: s.launcher.key, name: s.launcher.name },
    reason: "domain_not_allowed",
    origin: `https://${host}`,
    host,
    referrerUrl: `https://${host}/page`,
    ip: "198.51.100.9",
    now: at,
  });
}

const digests = (to: string) => db.emailOutbox.findMany({ where: { to, orgId: null }, orderBy: { createdAt: "asc" } });

describe("refused-site digest", () => {
  it("emails operators the new sites once, stays quiet without new ones, and tells again when a new site appears", async () => {
    const operator = await createUser({ name: "Operator" });
    await db.platformAdmin.create({ data: { userId: operator.id } });
    const s = await seedOrg({ name: "Acme Digest" });
    const t0 = new Date(Date.now() - 10 * HOUR);

    // Nothing refused yet: no email, but the watermark moves.
    expect(await sendRefusedDigest({ now: t0 })).toEqual({ sites: 0, emails: 0 });
    expect(await digests(operator.email)).toHaveLength(0);

    await refused(s, "evil.example", new Date(t0.getTime() + 10 * 60_000));
    await refused(s, "evil.example", new Date(t0.getTime() + 20 * 60_000));
    await refused(s, "copycat.example", new Date(t0.getTime() + 30 * 60_000));
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + HOUR) })).toEqual({ sites: 2, emails: 1 });
    let mail = await digests(operator.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("iSession: 2 new refused linking sites");
    expect(mail[0]!.text).toContain("evil.example -> Acme Digest: 2 attempts");
    expect(mail[0]!.text).toContain("copycat.example -> Acme Digest: 1 attempt,");
    // Org staff are not operators: they get their own notice, not the digest.
    expect(await db.emailOutbox.count({ where: { to: s.owner.user.email, subject: { contains: "refused linking" } } })).toBe(0);

    // An hour with nothing new (a known site trying again is not news): no email.
    await refused(s, "evil.example", new Date(t0.getTime() + 90 * 60_000));
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + 2 * HOUR) })).toEqual({ sites: 0, emails: 0 });
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + 3 * HOUR) })).toEqual({ sites: 0, emails: 0 });
    expect(await digests(operator.email)).toHaveLength(1);

    // A new site: one more digest, with that site only.
    await refused(s, "new-one.example", new Date(t0.getTime() + 200 * 60_000));
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + 4 * HOUR) })).toEqual({ sites: 1, emails: 1 });
    mail = await digests(operator.email);
    expect(mail).toHaveLength(2);
    expect(mail[1]!.subject).toBe("iSession: 1 new refused linking site");
    expect(mail[1]!.text).toContain("new-one.example");
    expect(mail[1]!.text).not.toContain("evil.example");

    // The same site refused for another org is new for that org.
    const other = await seedOrg({ name: "Beta Digest" });
    await refused(other, "evil.example", new Date(t0.getTime() + 290 * 60_000));
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + 5 * HOUR) })).toEqual({ sites: 1, emails: 1 });
    expect((await digests(operator.email))[2]!.text).toContain("evil.example -> Beta Digest");

    // Running again at the same time (another worker, a retried job) sends nothing twice.
    expect(await sendRefusedDigest({ now: new Date(t0.getTime() + 5 * HOUR) })).toEqual({ sites: 0, emails: 0 });
    expect(await digests(operator.email)).toHaveLength(3);
    expect((await db.operatorDigestState.findUniqueOrThrow({ where: { key: REFUSED_DIGEST_KEY } })).watermark.getTime()).toBe(
      t0.getTime() + 5 * HOUR - 60_000,
    );
  });
});
