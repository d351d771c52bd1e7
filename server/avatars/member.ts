// The agent's own avatar (the 1999 design's "avatar style", set by each support agent beside their
// availability): Membership.avatarUrl, shown for their seat inside every session they take from
// now on (server/avatars/seat.ts). A gallery picture or one of the org's uploads, nothing typed.
import "server-only";
import { db } from "../db";
import { notFound } from "../errors";
import { checkAvatar } from "./upload";

export async function memberAvatar({ orgId, membershipId }: { orgId: string; membershipId: string }) {
  const m = await db.membership.findFirst({ where: { id: membershipId, orgId }, select: { avatarUrl: true } });
  if (!m) throw notFound("Membership");
  return { avatarUrl: m.avatarUrl };
}

/** Sets (or with null clears) the caller's own avatar. Bad input changes nothing. */
export async function setMemberAvatar({
  orgId,
  membershipId,
  avatarUrl,
}: {
  orgId: string;
  membershipId: string;
  avatarUrl: string | null;
}) {
  const value = (await checkAvatar(db, orgId, avatarUrl, "avatarUrl")) ?? null;
  const updated = await db.membership.updateMany({ where: { id: membershipId, orgId }, data: { avatarUrl: value } });
  if (updated.count === 0) throw notFound("Membership");
  return { avatarUrl: value };
}
