// The front door, /l/{key}: which launcher, is its org open, may the referring page use it, which
// scenario and avatar the page rules pick, and who the visitor is. Route code renders what this
// returns; the pre-chat submit (server/entry/join.ts) repeats the checks from the signed entry token.
import "server-only";
import { visitorBanner, type VisitorBanner } from "../../lib/banner";
import { db } from "../db";
import { signToken, verifyToken } from "../entry/signing";
import { entryVisitorAvatar, scenarioAvatars } from "../avatars/seat";
import { runningRoomFor } from "../sessions/room";
import { findVisitor, type KnownVisitor } from "../visitors/identify";
import { orgAvailability, type Availability } from "./availability";
import { decideEntry, type EntryDecision } from "./domain";
import { pickPageRule } from "./page-rules";
import { recordRefusedVisit } from "./unauthorized";

/** How long the pre-chat form stays valid after the page was served. */
export const ENTRY_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

const scenarioSelect = {
  id: true,
  name: true,
  kind: true,
  preChatQuestion: true,
  askName: true,
  askEmail: true,
  requireSignIn: true,
  invitationCodeHash: true,
  avatars: true,
  banner: true,
  monitoringNotice: true,
  archivedAt: true,
} as const;

export async function loadLauncher(key: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return null;
  const launcher = await db.launcher.findUnique({
    where: { key },
    select: {
      id: true,
      key: true,
      name: true,
      orgId: true,
      allowDirectVisits: true,
      avatarUrl: true,
      buttonLabel: true,
      archivedAt: true,
      scenario: { select: scenarioSelect },
      pageRules: {
        select: { position: true, urlPattern: true, avatarUrl: true, scenario: { select: scenarioSelect } },
        orderBy: { position: "asc" },
      },
      org: {
        select: {
          id: true,
          name: true,
          status: true,
          allowedDomains: true,
          brandColor: true,
          agentStatuses: true,
        },
      },
    },
  });
  return launcher && !launcher.archivedAt ? launcher : null;
}

export type LoadedLauncher = NonNullable<Awaited<ReturnType<typeof loadLauncher>>>;
export type EntryScenario = LoadedLauncher["scenario"];

/**
 * The scenario and avatar for a visitor from `referrerUrl`: first matching page rule, else the
 * launcher's. `avatarUrl` is the entry page's picture; `visitorAvatarUrl` is what the rule or the
 * launcher picked for the visitor, kept on the queue entry and shown for them inside the session.
 */
export function scenarioFor(
  launcher: LoadedLauncher,
  referrerUrl: string | null,
): { scenario: EntryScenario; avatarUrl: string | null; visitorAvatarUrl: string | null } {
  const rule = pickPageRule(launcher.pageRules, referrerUrl);
  const scenario = rule?.scenario && !rule.scenario.archivedAt ? rule.scenario : launcher.scenario;
  const visitorAvatarUrl = entryVisitorAvatar(rule, launcher);
  // The scenario's own agent avatar (dashboard scenario editor) comes last.
  return { scenario, avatarUrl: visitorAvatarUrl ?? scenarioAvatars(scenario.avatars).agent, visitorAvatarUrl };
}

export function signEntryToken(launcherId: string, referrerUrl: string | null, now = new Date()): string {
  return signToken("entry-v1", { l: launcherId, r: referrerUrl }, new Date(now.getTime() + ENTRY_TOKEN_TTL_MS));
}

/** The referrer a valid entry token for this launcher vouches for (null = a direct visit); undefined if invalid. */
export function verifyEntryToken(
  token: string | null | undefined,
  launcherId: string,
  now = new Date(),
): { referrerUrl: string | null } | undefined {
  const p = verifyToken("entry-v1", token, now);
  if (!p || p.l !== launcherId) return undefined;
  if (p.r !== null && typeof p.r !== "string") return undefined;
  return { referrerUrl: p.r };
}

/**
 * A link back into /l/{key} from our own pages (sign-in callback, "join again"): the entry token
 * vouches for the referring page for a while; after that the page parameter is the claim.
 */
export function entryHref(key: string, token: string, referrerUrl: string | null): string {
  const q = new URLSearchParams({ t: token });
  if (referrerUrl) q.set("page", referrerUrl);
  return `/l/${encodeURIComponent(key)}?${q.toString()}`;
}

/** Claims from an entry token, rechecked against today's allowed domains as if they came as `page`. */
export function decideFromToken(launcher: LoadedLauncher, referrerUrl: string | null): EntryDecision {
  return decideEntry(
    { referer: null, page: referrerUrl, selfOrigins: [] },
    { allowedDomains: launcher.org.allowedDomains, allowDirectVisits: launcher.allowDirectVisits },
  );
}

export type EntryRequest = {
  key: string;
  referer: string | null;
  /** The `page` query parameter. */
  page: string | null;
  /** The `t` query parameter: an entry token from an earlier check (sign-in callback, no-JS resubmit). */
  token: string | null;
  selfOrigins: readonly string[];
  ip: string | null;
  visitorCookieId: string | null;
  userId: string | null;
  /** `?preview=1`: the dashboard's Preview link. Honoured only for a signed-in active member of the launcher's org. */
  preview?: boolean;
  now?: Date;
};

type OrgView = { name: string; brandColor: string };

export type EntryView =
  | { kind: "unavailable"; org: OrgView }
  | {
      kind: "refused";
      org: OrgView;
      reason: "domain_not_allowed" | "no_referrer";
      origin: string | null;
      host: string | null;
    }
  | {
      kind: "form";
      org: OrgView;
      launcher: { key: string; name: string; buttonLabel: string };
      scenario: {
        name: string;
        kind: EntryScenario["kind"];
        question: string;
        askName: boolean;
        askEmail: boolean;
        needsCode: boolean;
        /** Say "This session may be monitored or recorded for quality" before they join. */
        monitoringNotice: boolean;
      };
      /** The scenario's banner, links already narrowed to http(s); null when it has none. */
      banner: VisitorBanner | null;
      /** A member looking at their own launcher: shown as visitors would see it, but joining is off. */
      preview: boolean;
      signInRequired: boolean;
      avatarUrl: string | null;
      referrerUrl: string | null;
      token: string;
      visitor: KnownVisitor | null;
      availability: Availability;
      /** A collaboration room of this launcher is running: the form joins it at once, no queue (sessions/room.ts). */
      roomRunning: boolean;
    };

/** What /l/{key} shows; null when there is no such launcher (the page answers 404). */
export async function resolveEntry(req: EntryRequest): Promise<EntryView | null> {
  const now = req.now ?? new Date();
  const launcher = await loadLauncher(req.key);
  if (!launcher) return null;
  const org = { name: launcher.org.name, brandColor: launcher.org.brandColor };
  if (launcher.org.status !== "ACTIVE") return { kind: "unavailable", org };

  // An entry token stands in for the Referer we saw earlier, unless a different site is sending
  // the visitor now (a token copied onto another page).
  const vouched = verifyEntryToken(req.token, launcher.id, now);
  const refererUrl = req.referer ? safeUrl(req.referer) : null;
  const externalReferer = refererUrl && !req.selfOrigins.includes(refererUrl.origin) ? refererUrl : null;
  const tokenOrigin = vouched?.referrerUrl ? safeUrl(vouched.referrerUrl)?.origin : null;
  const useToken = vouched !== undefined && (!externalReferer || externalReferer.origin === tokenOrigin);

  // The owner's Preview from the dashboard comes without the client site's Referer, which would
  // be refused (and reported to the admins as a stranger's visit). A member of the org sees the
  // page; everyone else who adds ?preview=1 gets the normal rules.
  const preview = req.preview === true && (await isActiveMember(launcher.org.id, req.userId));
  const decision: EntryDecision = preview
    ? { allowed: true, via: "direct", referrerUrl: null, origin: null, host: null }
    : useToken
      ? decideFromToken(launcher, vouched.referrerUrl)
      : decideEntry(
          { referer: req.referer, page: req.page, selfOrigins: req.selfOrigins },
          { allowedDomains: launcher.org.allowedDomains, allowDirectVisits: launcher.allowDirectVisits },
        );

  // Sent from one of our own pages with nothing to vouch for the client's site (an old "join
  // again" link): refused, but that is no news for the org's admins.
  const fromOurPages = refererUrl !== null && req.selfOrigins.includes(refererUrl.origin);
  if (!decision.allowed && decision.reason === "no_referrer" && fromOurPages) {
    return { kind: "refused", org, reason: decision.reason, origin: null, host: null };
  }
  if (!decision.allowed) {
    await recordRefusedVisit({
      org: { id: launcher.org.id, name: launcher.org.name },
      launcher: { id: launcher.id, key: launcher.key, name: launcher.name },
      reason: decision.reason,
      origin: decision.origin,
      host: decision.host,
      referrerUrl: decision.referrerUrl,
      ip: req.ip,
      now,
    });
    return { kind: "refused", org, reason: decision.reason, origin: decision.origin, host: decision.host };
  }

  const { scenario, avatarUrl } = scenarioFor(launcher, decision.referrerUrl);
  const [visitor, availability, room] = await Promise.all([
    findVisitor(launcher.org.id, req.visitorCookieId),
    orgAvailability(launcher.org.id, launcher.org.agentStatuses),
    scenario.kind === "COLLABORATION" ? runningRoomFor({ orgId: launcher.org.id, launcherId: launcher.id, scenarioId: scenario.id }) : null,
  ]);
  return {
    kind: "form",
    org,
    launcher: { key: launcher.key, name: launcher.name, buttonLabel: launcher.buttonLabel },
    scenario: {
      name: scenario.name,
      kind: scenario.kind,
      question: scenario.preChatQuestion,
      askName: scenario.askName,
      askEmail: scenario.askEmail,
      needsCode: scenario.invitationCodeHash !== null,
      monitoringNotice: scenario.monitoringNotice,
    },
    banner: visitorBanner(scenario.banner),
    preview,
    signInRequired: scenario.requireSignIn && !req.userId,
    avatarUrl,
    referrerUrl: decision.referrerUrl,
    // A token we just honoured is handed back unchanged: the form's no-JavaScript permalink
    // (/l/{key}?t=...) must come out the same when the page re-renders after a post.
    token: useToken && req.token ? req.token : signEntryToken(launcher.id, decision.referrerUrl, now),
    visitor,
    availability,
    roomRunning: room !== null,
  };
}

async function isActiveMember(orgId: string, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const m = await db.membership.findFirst({ where: { orgId, userId, active: true }, select: { id: true } });
  return m !== null;
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
