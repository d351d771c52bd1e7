// What a domain function wants heard once its transaction has committed, said as WHO hears it (an
// Audience), never as a channel name. Only server/realtime/ turns an audience into a channel
// (channels.ts names them, authorize.ts decides who may join, subscriptions.ts hands pages the
// names they listen on), so publisher and subscriber can never disagree. Domain modules return or
// collect Notices and hand them to publishNotices after commit (lint keeps channels.ts, the outbox
// and the publisher inside server/realtime/).
import "server-only";
import { channelOf, type Audience } from "./channels";
import { publishAfterCommit, type Outgoing } from "./outbox";

export type { Audience } from "./channels";
export { audienceOfChannel, channelOf } from "./channels";

export type Notice = { audience: Audience; event: string; data: unknown };

export function noticeMessages(notices: readonly Notice[]): Outgoing[] {
  return notices.map((n) => ({ channel: channelOf(n.audience), event: n.event, data: n.data }));
}

/** Queues `notices` on the outbox (call only after commit); returns at once and never rejects. */
export function publishNotices(notices: readonly Notice[]): Promise<void> {
  return publishAfterCommit(noticeMessages(notices));
}

/** For a process about to exit (web, worker): resolves once every queued notice was sent or given up. */
export { drainPublishes } from "./outbox";
