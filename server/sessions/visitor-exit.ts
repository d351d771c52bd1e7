// Where a visitor goes when the session is over (issue 12, item 14): back to the client's page
// they came from, never to our own site, and never to a page the client doesn't own. The page is
// the entry's referring page (QueueEntry.referrerUrl, already cleaned at entry), re-checked now:
// http(s) only, and its host still in the org's allowed domains, so this is no open redirect.
// The client's name and colour brand the farewell.
import "server-only";
import { db } from "../db";
import { brandPalette } from "../../lib/brand";
import { hostOf, isUrlAllowed, parseWebUrl } from "../launchers/domain";
import type { Seat } from "./participant";

export type VisitorExit = { returnUrl: string | null; returnHost: string | null; orgName: string; brandColor: string };

export async function getVisitorExit(seat: Seat): Promise<VisitorExit> {
  const session = await db.session.findUniqueOrThrow({
    where: { id: seat.sessionId },
    select: { org: { select: { name: true, brandColor: true, allowedDomains: true } }, queueEntry: { select: { referrerUrl: true } } },
  });
  const url = parseWebUrl(session.queueEntry?.referrerUrl);
  const allowed = url !== null && isUrlAllowed(url.href, session.org.allowedDomains);
  return {
    returnUrl: allowed ? url.href : null,
    returnHost: allowed ? hostOf(url.href) : null,
    orgName: session.org.name,
    brandColor: brandPalette(session.org.brandColor).solid,
  };
}
