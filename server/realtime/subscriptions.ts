// The channel names each page subscribes to, handed to the browser in the page's data: the browser
// never builds a name, so a channel's spelling lives in channels.ts alone. Which of a session's
// channels a seat may actually join is the authorizer's decision (authorize.ts); a name here is an
// address, not a permission.
import "server-only";
import { channelOf } from "./channels";

/** A session page's channels: the room's and, for this seat, its own. */
export function seatChannels(seat: { sessionId: string; participantId: string }) {
  const { sessionId } = seat;
  return {
    /** Visible participants (presence): session events, live typing, the leader's pointer. */
    room: channelOf({ to: "room", sessionId }),
    /** Auditorium audience and unseen staff: the room's events without presence. */
    audience: channelOf({ to: "audience", sessionId }),
    /** Unseen staff: the server's copy of the room's live typing. */
    watchers: channelOf({ to: "watchers", sessionId }),
    /** Auditorium backstage: the question queue, raised hands. */
    stage: channelOf({ to: "stage", sessionId }),
    /** Co-browsing with the visitor's shared tab. */
    cobrowse: channelOf({ to: "cobrowse", sessionId }),
    /** This seat's own: whispers, sidebar lines, stage-role changes. */
    own: channelOf({ to: "participant", participantId: seat.participantId }),
  };
}
export type SeatChannels = ReturnType<typeof seatChannels>;

/** A staff member's channels: the org's staff channel and the member's own (offers, sign-out). */
export function staffChannels(member: { orgId: string; membershipId: string }) {
  return {
    orgStaff: channelOf({ to: "orgStaff", orgId: member.orgId }),
    member: channelOf({ to: "member", membershipId: member.membershipId }),
  };
}

/** A waiting visitor's channel: position, estimated wait, "you are connected". */
export function queueChannel(queueEntryId: string): string {
  return channelOf({ to: "queueVisitor", queueEntryId });
}
