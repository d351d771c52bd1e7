// Leading: only the leader moves everyone's view. The URL is validated (http/https only, a public
// address: lead-target.ts), probed for framing, archived as a navigate event, and published after commit.
// A lead "in a new window" is a pop-up (issue 17, part 4): the same checks and payload, archived as
// `popup.sent`; it leaves the shared view (Session.currentUrl) where it is, since nobody's frame moves.
import "server-only";
import { normalizeLeadUrl } from "../../lib/urls";
import type { NavigatePayload, WireEvent } from "../../lib/session-events";
import { appendEvents } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { publishStoredEvents } from "../realtime/stored-events";
import { assertActive, assertMayWriteToRoom, type Seat } from "../sessions/participant";
import { parseAllowHosts } from "./address";
import { assertLeadTarget } from "./lead-target";
import { probeFraming } from "./probe";

export async function leadTo(
  seat: Seat,
  input: { url: string; newWindow?: boolean; notToSelf?: boolean; clientEventId?: string },
): Promise<WireEvent> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  const checked = normalizeLeadUrl(input.url);
  if (!checked.ok) throw new AppError("BAD_REQUEST", checked.error);
  // Cheap check first; the authoritative one is repeated under the row lock below.
  if (seat.session.leaderParticipantId !== seat.id) throw new AppError("FORBIDDEN", "Only the leader can lead. Ask for the baton first.");

  const rule = { appOrigin: new URL(env.NEXTAUTH_URL).origin, allowHosts: parseAllowHosts(env.FRAME_PROBE_ALLOW_HOSTS) };
  await assertLeadTarget(checked.url, rule);
  const probe = await probeFraming(checked.url, rule);
  const payload: NavigatePayload = {
    url: checked.url,
    newWindow: input.newWindow ?? false,
    notToSelf: input.notToSelf ?? false,
    framable: probe.framable,
  };
  const stored = await db.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<{ leaderParticipantId: string | null; status: string }[]>`
      SELECT "leaderParticipantId", status FROM "Session" WHERE id = ${seat.sessionId} FOR UPDATE`;
    if (session?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
    if (session.leaderParticipantId !== seat.id) throw new AppError("FORBIDDEN", "Only the leader can lead. Ask for the baton first.");
    if (!payload.newWindow) await tx.session.update({ where: { id: seat.sessionId }, data: { currentUrl: checked.url } });
    const [e] = await appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [
        {
          type: payload.newWindow ? "popup.sent" : "navigate",
          actorParticipantId: seat.id,
          clientEventId: input.clientEventId ?? null,
          payload: { ...payload, frameCheck: probe.reason },
        },
      ],
    });
    return e!;
  });
  await publishStoredEvents(seat.sessionId, [stored]);
  return toWire(stored);
}
