// Invitations to a collaboration room: a participant asks for a link (the viewer's Invite), and
// whoever opens it gives a name, and the passcode where the room has one, to take a seat
// (sessions/room.ts). The token is signed with its own HKDF key (entry/signing.ts) and names the
// room, so it cannot be guessed, forged or moved to another room. It is a way in, not an identity.
//
// The "ID and password" of the 1999 design: the ID is the name the person gives, the password is
// the room's passcode, which is its scenario's invitation code (`Scenario.invitationCodeHash`, the
// code the launcher's form already asks for). See docs/sessions.md for why not visitor accounts.
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import { signToken, verifyToken } from "../entry/signing";
import { MAX_NAME_LENGTH } from "../entry/join";
import { checkPasscode, passcodeBlocked } from "../entry/passcode";
import { assertActive, type Seat } from "./participant";
import { seatVisitorInRoom } from "./room";
import { INVISIBLE_ROLES, isInvisible } from "./visibility";

/** An invitation works for a day: long enough to reach someone by chat or email; it dies with the room anyway. */
export const ROOM_INVITE_TTL_MS = 24 * 60 * 60 * 1000;

export function signRoomInvite(sessionId: string, now = new Date()): string {
  return signToken("room-invite-v1", { s: sessionId }, new Date(now.getTime() + ROOM_INVITE_TTL_MS));
}

/** True when `token` is a live invitation to exactly this room. */
export function verifyRoomInvite(token: string | null | undefined, sessionId: string, now = new Date()): boolean {
  const p = verifyToken("room-invite-v1", token, now);
  return p !== null && p.s === sessionId;
}

export function roomInvitePath(sessionId: string, token: string): string {
  return `/s/${encodeURIComponent(sessionId)}/join?t=${encodeURIComponent(token)}`;
}

/** A visible participant of a live room asks for a link to share. Unseen staff bring nobody in. */
export function createRoomInvite(seat: Seat, now = new Date()): { path: string; expiresAt: string } {
  assertActive(seat);
  if (seat.session.kind !== "COLLABORATION") throw new AppError("BAD_REQUEST", "Only collaboration rooms take invitations.");
  if (isInvisible(seat.role)) throw new AppError("FORBIDDEN", "Join the room visibly to invite people.");
  return {
    path: roomInvitePath(seat.sessionId, signRoomInvite(seat.sessionId, now)),
    expiresAt: new Date(now.getTime() + ROOM_INVITE_TTL_MS).toISOString(),
  };
}

async function loadRoom(sessionId: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) return null;
  return db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      orgId: true,
      kind: true,
      status: true,
      org: { select: { name: true, status: true, brandColor: true } },
      scenario: { select: { id: true, name: true, requireSignIn: true, invitationCodeHash: true } },
    },
  });
}

export type InvitePage =
  | { state: "invalid" }
  | { state: "ended"; orgName: string }
  | { state: "seated" }
  | {
      state: "form";
      orgName: string;
      brandColor: string;
      roomName: string;
      present: number;
      needsCode: boolean;
      signInRequired: boolean;
      name: string;
    };

/**
 * What the invitation page shows. A forged token, one for another room, an expired one, and a
 * room that does not exist all look the same ("invalid"): the page confirms nothing about rooms.
 */
export async function readRoomInvite(input: {
  sessionId: string;
  token: string | null;
  cookieId: string | null;
  userId: string | null;
  now?: Date;
}): Promise<InvitePage> {
  if (!verifyRoomInvite(input.token, input.sessionId, input.now)) return { state: "invalid" };
  const room = await loadRoom(input.sessionId);
  if (!room || room.kind !== "COLLABORATION") return { state: "invalid" };
  if (room.status !== "ACTIVE" || room.org.status !== "ACTIVE") return { state: "ended", orgName: room.org.name };
  const visitor = input.cookieId
    ? await db.visitor.findUnique({
        where: { orgId_cookieId: { orgId: room.orgId, cookieId: input.cookieId } },
        select: { id: true, name: true },
      })
    : null;
  if (visitor) {
    const seated = await db.participant.count({ where: { sessionId: room.id, visitorId: visitor.id, leftAt: null } });
    if (seated > 0) return { state: "seated" };
  }
  const present = await db.participant.count({ where: { sessionId: room.id, leftAt: null, role: { notIn: [...INVISIBLE_ROLES] } } });
  return {
    state: "form",
    orgName: room.org.name,
    brandColor: room.org.brandColor,
    roomName: room.scenario.name,
    present,
    needsCode: room.scenario.invitationCodeHash !== null,
    signInRequired: room.scenario.requireSignIn && !input.userId,
    name: visitor?.name ?? "",
  };
}

export type RoomJoinField = "name" | "code";
export type RoomJoinResult =
  | { ok: true; sessionId: string }
  | {
      ok: false;
      fieldErrors: Partial<Record<RoomJoinField, string>>;
      formError?: string;
      /** Why the form cannot go on: the page shows the matching way forward. */
      reason?: "invalid" | "ended" | "full" | "sign_in";
    };

const nameSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : ""),
  safeString().min(1, "Please tell the room your name.").max(MAX_NAME_LENGTH, `Please keep your name under ${MAX_NAME_LENGTH} characters.`),
);
const codeSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : ""),
  safeString().min(1, "Please enter the room's passcode.").max(200, "That passcode is too long."),
);

/**
 * The invitation page's submit. Checked in order, each refusal storing nothing: the token (for
 * this room), the room live, sign-in where the scenario asks for it, the name, the passcode, then
 * the seat caps inside the seating transaction.
 */
export async function joinRoomByInvite(input: {
  sessionId: string;
  token: string | null;
  name: unknown;
  code: unknown;
  cookieId: string;
  userId: string | null;
  /** The client's address, for the passcode's guess limit. */
  ip: string;
  now?: Date;
}): Promise<RoomJoinResult> {
  const invalid = {
    ok: false,
    fieldErrors: {},
    reason: "invalid",
    formError: "This invitation link isn't valid any more. Ask someone in the room for a new one.",
  } as const;
  if (!verifyRoomInvite(input.token, input.sessionId, input.now)) return invalid;
  const room = await loadRoom(input.sessionId);
  if (!room || room.kind !== "COLLABORATION") return invalid;
  if (room.status !== "ACTIVE" || room.org.status !== "ACTIVE")
    return { ok: false, fieldErrors: {}, reason: "ended", formError: "This room has ended." };
  if (room.scenario.requireSignIn && !input.userId)
    return { ok: false, fieldErrors: {}, reason: "sign_in", formError: "Please sign in to join this room." };

  const fieldErrors: Partial<Record<RoomJoinField, string>> = {};
  const name = nameSchema.safeParse(input.name);
  if (!name.success) fieldErrors.name = name.error.issues[0]?.message ?? "Please check your name.";
  if (room.scenario.invitationCodeHash) {
    const code = codeSchema.safeParse(input.code);
    const blocked = await passcodeBlocked(input.ip, room.scenario.id);
    if (blocked) return { ok: false, fieldErrors: { code: blocked } };
    if (!code.success) fieldErrors.code = code.error.issues[0]?.message ?? "Please enter the room's passcode.";
    else {
      const wrong = await checkPasscode(input.ip, room.scenario.id, code.data, room.scenario.invitationCodeHash);
      if (wrong) fieldErrors.code = wrong;
    }
  }
  if (!name.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  try {
    const seated = await seatVisitorInRoom({
      orgId: room.orgId,
      sessionId: room.id,
      visitor: { cookieId: input.cookieId, name: name.data, userId: input.userId },
      // "unknown" is the rate limiter's key when the server decided no address; the seat keeps none.
      clientAddress: input.ip === "unknown" ? null : input.ip,
      now: input.now,
    });
    return { ok: true, sessionId: seated.sessionId };
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") return { ok: false, fieldErrors: {}, reason: "full", formError: e.message };
    if (isAppError(e) && e.code === "PRECONDITION_FAILED")
      return { ok: false, fieldErrors: {}, reason: "ended", formError: "This room has ended." };
    throw e;
  }
}
