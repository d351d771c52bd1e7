// What a domain function wants heard once its transaction has committed, said as WHO hears it (an
// Audience), never as a channel name: this module is the one place on the server that turns an
// audience into a channel (lib/channels.ts builds the names, authorize.ts decides who may join),
// so the two can never disagree across the domains. Domain modules return or collect Notices and
// hand them to publishNotices after commit (lint keeps lib/channels out of server/ elsewhere).
import "server-only";
import { channels, parseChannel } from "../../lib/channels";
import { publishAfterCommit, type Outgoing } from "./outbox";

export type Audience =
  /** The session's visible participants (its presence channel). */
  | { to: "room"; sessionId: string }
  /** Auditorium audience and monitors: the room's events without presence. */
  | { to: "audience"; sessionId: string }
  /** Unseen staff (monitors, prompters) only. */
  | { to: "watchers"; sessionId: string }
  /** Auditorium backstage: producers and speakers. */
  | { to: "stage"; sessionId: string }
  /** The visitor's shared tab and the session's visible staff. */
  | { to: "cobrowse"; sessionId: string }
  /** One seat. */
  | { to: "participant"; participantId: string }
  /** The org's agents and managers. */
  | { to: "orgStaff"; orgId: string }
  /** One agent (membership). */
  | { to: "member"; membershipId: string }
  /** One waiting visitor. */
  | { to: "queueVisitor"; queueEntryId: string };

export type Notice = { audience: Audience; event: string; data: unknown };

export function channelOf(audience: Audience): string {
  switch (audience.to) {
    case "room":
      return channels.session(audience.sessionId);
    case "audience":
      return channels.sessionAudience(audience.sessionId);
    case "watchers":
      return channels.sessionWatch(audience.sessionId);
    case "stage":
      return channels.sessionStage(audience.sessionId);
    case "cobrowse":
      return channels.cobrowse(audience.sessionId);
    case "participant":
      return channels.participant(audience.participantId);
    case "orgStaff":
      return channels.orgStaff(audience.orgId);
    case "member":
      return channels.member(audience.membershipId);
    case "queueVisitor":
      return channels.queue(audience.queueEntryId);
  }
}

/** Who a channel named by the relay (a webhook) reaches, or null for a name we never hand out. */
export function audienceOfChannel(name: string): Audience | null {
  const parsed = parseChannel(name);
  if (!parsed) return null;
  switch (parsed.kind) {
    case "session":
      return { to: "room", sessionId: parsed.sessionId };
    case "sessionAudience":
      return { to: "audience", sessionId: parsed.sessionId };
    case "sessionWatch":
      return { to: "watchers", sessionId: parsed.sessionId };
    case "sessionStage":
      return { to: "stage", sessionId: parsed.sessionId };
    case "cobrowse":
      return { to: "cobrowse", sessionId: parsed.sessionId };
    case "participant":
      return { to: "participant", participantId: parsed.participantId };
    case "orgStaff":
      return { to: "orgStaff", orgId: parsed.orgId };
    case "member":
      return { to: "member", membershipId: parsed.membershipId };
    case "queue":
      return { to: "queueVisitor", queueEntryId: parsed.queueEntryId };
  }
}

export function noticeMessages(notices: readonly Notice[]): Outgoing[] {
  return notices.map((n) => ({ channel: channelOf(n.audience), event: n.event, data: n.data }));
}

/** Queues `notices` on the outbox (call only after commit); returns at once and never rejects. */
export function publishNotices(notices: readonly Notice[]): Promise<void> {
  return publishAfterCommit(noticeMessages(notices));
}
