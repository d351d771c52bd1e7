// Pairing the visitor's tab on the client's site with their seat, consent, stop, and the tab's
// channel authorization (docs/cobrowse.md). The tab has no cookie of ours (it is another site), so
// it proves itself with the nonce it made (hash stored at pairing) and then with a signed token.
import "server-only";
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { type CobrowseStopReason, type PairAnswer } from "../../lib/cobrowse";
import { appendEvents } from "../archive/append";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { clientRealtimeConfig } from "../realtime/config";
import { signChannelAuth } from "../realtime/auth-endpoint";
import { isCobrowseChannel } from "../realtime/authorize";
import { channelOf } from "../realtime/notices";
import { publishStoredEvents } from "../realtime/stored-events";
import type { Seat } from "../sessions/participant";
import { parseMaskSelectors } from "./settings";

/** The nonce the loader makes: 128 bits or more, URL-safe. */
export const NONCE = /^[A-Za-z0-9_-]{22,64}$/;
/** A token lasts this long; the tab's poll gets a fresh one. */
const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export const hashNonce = (nonce: string) => createHash("sha256").update(nonce).digest("hex");

let key: Buffer | undefined;
function tokenKey(): Buffer {
  // Its own key derived from NEXTAUTH_SECRET: a co-browse token can never pass as a cookie or session.
  key ??= Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "isession", "cobrowse-token-v1", 32));
  return key;
}

type TokenClaims = { p: string; s: string; exp: number };

export function signToken(claims: TokenClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${createHmac("sha256", tokenKey()).update(body).digest("base64url")}`;
}

export function verifyToken(token: unknown, now = Date.now()): TokenClaims | null {
  if (typeof token !== "string" || token.length > 512) return null;
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const want = createHmac("sha256", tokenKey()).update(body).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const c = JSON.parse(Buffer.from(body, "base64url").toString()) as TokenClaims;
    return typeof c.p === "string" && typeof c.s === "string" && typeof c.exp === "number" && c.exp > now ? c : null;
  } catch {
    return null;
  }
}

/** The session's launcher allows co-browsing (a session without a launcher did not come from an embed). */
async function launcherAllows(launcherId: string | null): Promise<{ ok: boolean; maskSelectors: string[] }> {
  if (!launcherId) return { ok: false, maskSelectors: [] };
  const l = await db.launcher.findUnique({
    where: { id: launcherId },
    select: { cobrowseEnabled: true, cobrowseMaskSelectors: true, archivedAt: true },
  });
  if (!l || l.archivedAt || !l.cobrowseEnabled) return { ok: false, maskSelectors: [] };
  return { ok: true, maskSelectors: parseMaskSelectors(l.cobrowseMaskSelectors).selectors };
}

/**
 * The visitor's viewer (our origin, their cookie) claims the nonce its entry page kept: from now on
 * the tab that made it may ask to share this seat's session. Only the visitor's own, present seat.
 */
export async function claimPairing(seat: Seat, nonce: string): Promise<{ paired: true }> {
  if (!NONCE.test(nonce)) throw new AppError("BAD_REQUEST", "That pairing code is not valid.");
  if (seat.role !== "VISITOR") throw new AppError("FORBIDDEN", "Only the visitor shares their own tab.");
  if (seat.leftAt || seat.session.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
  const session = await db.session.findUnique({ where: { id: seat.sessionId }, select: { launcherId: true } });
  if (!(await launcherAllows(session?.launcherId ?? null)).ok)
    throw new AppError("PRECONDITION_FAILED", "Co-browsing is turned off for this site.");
  const nonceHash = hashNonce(nonce);
  const existing = await db.cobrowsePairing.findUnique({ where: { nonceHash }, select: { participantId: true } });
  if (existing) {
    if (existing.participantId !== seat.id) throw new AppError("CONFLICT", "That tab is already paired with another session.");
    return { paired: true };
  }
  await db.cobrowsePairing
    .create({ data: { orgId: seat.orgId, sessionId: seat.sessionId, participantId: seat.id, nonceHash } })
    .catch((e: unknown) => {
      // Two claims of one nonce at once: the other won; same seat is fine, another is a conflict.
      if ((e as { code?: string }).code === "P2002") return null;
      throw e;
    });
  return { paired: true };
}

type LivePairing = {
  id: string;
  orgId: string;
  sessionId: string;
  participantId: string;
  control: boolean;
  consentedAt: Date | null;
  stoppedAt: Date | null;
  session: { status: string; launcherId: string | null };
};

const pairingSelect = {
  id: true,
  orgId: true,
  sessionId: true,
  participantId: true,
  control: true,
  consentedAt: true,
  stoppedAt: true,
  session: { select: { status: true, launcherId: true } },
} as const;

/** A pairing whose session is live, whose visitor is still present and whose launcher allows it. */
async function livePairing(
  where: { id: string } | { nonceHash: string },
): Promise<(LivePairing & { maskSelectors: string[] }) | "ended" | null> {
  const p = await db.cobrowsePairing.findUnique({ where, select: pairingSelect });
  if (!p) return null;
  if (p.session.status !== "ACTIVE") return "ended";
  const seat = await db.participant.findUnique({ where: { id: p.participantId }, select: { leftAt: true } });
  if (!seat || seat.leftAt) return "ended";
  const allowed = await launcherAllows(p.session.launcherId);
  if (!allowed.ok) return "ended";
  return { ...p, maskSelectors: allowed.maskSelectors };
}

/** The staff member the visitor would share with: the leader if staff, else the first agent present. */
async function agentName(sessionId: string): Promise<string> {
  const staff = await db.participant.findMany({
    where: { sessionId, leftAt: null, role: { in: ["AGENT", "SPEAKER", "PRODUCER"] } },
    orderBy: { joinedAt: "asc" },
    select: { id: true, displayName: true },
  });
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { leaderParticipantId: true } });
  return (staff.find((s) => s.id === session?.leaderParticipantId) ?? staff[0])?.displayName ?? "the agent";
}

/**
 * The tab's poll (GET /api/cobrowse/pair): "waiting" for an unknown nonce too, so a guess learns
 * nothing; "ended" (410) once the session, the seat or the launcher's permission is gone.
 */
export async function pairAnswer(nonce: string, pageHost?: string): Promise<PairAnswer | { state: "ended" }> {
  if (!NONCE.test(nonce)) throw new AppError("BAD_REQUEST", "That pairing code is not valid.");
  const p = await livePairing({ nonceHash: hashNonce(nonce) });
  if (p === null) return { state: "waiting" };
  if (p === "ended") return { state: "ended" };
  const rt = clientRealtimeConfig(pageHost);
  return {
    state: "ready",
    token: signToken({ p: p.id, s: p.sessionId, exp: Date.now() + TOKEN_TTL_MS }),
    sessionId: p.sessionId,
    channel: channelOf({ to: "cobrowse", sessionId: p.sessionId }),
    agentName: await agentName(p.sessionId),
    maskSelectors: p.maskSelectors,
    consented: !!p.consentedAt && !p.stoppedAt,
    control: p.control,
    realtime: { key: rt.key, wsHost: rt.wsHost, wsPort: rt.wsPort, forceTLS: rt.forceTLS, cluster: rt.cluster },
  };
}

async function fromToken(token: unknown): Promise<LivePairing> {
  const claims = verifyToken(token);
  if (!claims) throw new AppError("UNAUTHORIZED", "The sharing link has expired. Reload the page to pair again.");
  const p = await livePairing({ id: claims.p });
  // A pairing whose session ended answers like one that never existed.
  if (p === null || p === "ended" || p.sessionId !== claims.s) throw new AppError("NOT_FOUND", "Session not found.");
  return p;
}

async function archive(
  p: LivePairing,
  type: "cobrowse.started" | "cobrowse.stopped",
  payload: { control: boolean } | { reason: CobrowseStopReason },
) {
  const stored = await appendEvents(db, {
    orgId: p.orgId,
    sessionId: p.sessionId,
    events: [{ type, actorParticipantId: p.participantId, payload }],
  });
  await publishStoredEvents(p.sessionId, stored);
}

/** The visitor pressed Share in their tab (the consent prompt). Archived once per start. */
export async function consent(token: unknown, control: boolean): Promise<{ ok: true }> {
  const p = await fromToken(token);
  const starting = !p.consentedAt || !!p.stoppedAt;
  // The update is conditional so that two consents at once archive one start.
  const n = await db.cobrowsePairing.updateMany({
    where: { id: p.id, ...(starting ? { OR: [{ consentedAt: null }, { stoppedAt: { not: null } }] } : {}) },
    data: { consentedAt: new Date(), stoppedAt: null, control },
  });
  if (starting && n.count === 1) await archive(p, "cobrowse.started", { control });
  return { ok: true };
}

const STOP_REASONS: ReadonlySet<CobrowseStopReason> = new Set(["visitor", "too_large", "session_ended", "disabled", "error"]);

/** The visitor pressed Stop (or the tab refused a page too big to share). Archived once per stop. */
export async function stop(token: unknown, reason: unknown): Promise<{ ok: true }> {
  if (typeof reason !== "string" || !STOP_REASONS.has(reason as CobrowseStopReason))
    throw new AppError("BAD_REQUEST", "Unknown reason for stopping.");
  const p = await fromToken(token);
  const n = await db.cobrowsePairing.updateMany({
    where: { id: p.id, consentedAt: { not: null }, stoppedAt: null },
    data: { stoppedAt: new Date() },
  });
  if (n.count === 1) await archive(p, "cobrowse.stopped", { reason: reason as CobrowseStopReason });
  return { ok: true };
}

const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;

/** The tab joins its session's co-browse channel: only after consent, only that channel. */
export async function authorizeTab(token: unknown, socketId: unknown, channel: unknown): Promise<{ auth: string }> {
  if (typeof socketId !== "string" || !SOCKET_ID.test(socketId))
    throw new AppError("BAD_REQUEST", "socket_id is required and must be well-formed.");
  const p = await fromToken(token);
  if (!isCobrowseChannel(channel, p.sessionId))
    throw new AppError("FORBIDDEN", "This tab may only join its own session's co-browse channel.");
  if (!p.consentedAt || p.stoppedAt) throw new AppError("FORBIDDEN", "The visitor has not agreed to share this tab.");
  return signChannelAuth(socketId, channel);
}
