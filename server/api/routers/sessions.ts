// The session: view, archive, chat, leading, the baton, leaving. Every procedure acts as the
// caller's own seat (ctx.seat), resolved by sessionProcedure.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { MAX_CHAT_LENGTH } from "../../../lib/session-events";
import { MAX_URL_LENGTH } from "../../../lib/urls";
import { STAFF_JOIN_ROLES } from "../../../lib/roles";
import { listEvents, MAX_CURSORS } from "../../archive/read";
import { readsUntil } from "../../sessions/participant";
import { sendChatLine } from "../../chat/send";
import { leadTo } from "../../leading/lead";
import { passBaton, requestBaton, takeBaton } from "../../sessions/baton";
import { leaveSession } from "../../sessions/leave";
import { recordBasicPageLoad } from "../../sessions/basic";
import { readPastSession } from "../../sessions/past";
import { getReplay } from "../../sessions/replay";
import { sendPrompt } from "../../sessions/prompt";
import { annotate, annotationInput, popupOpened } from "../../sessions/annotate";
import { joinAsStaff } from "../../sessions/staff";
import { DISPOSITIONS, MAX_TAG_LENGTH, MAX_TAGS, wrapUpSession } from "../../sessions/wrap-up";
import { getSessionView } from "../../sessions/view";
import { getVisitorExit } from "../../sessions/visitor-exit";
import { answerFormProposal, answerInput, ownFillInput, proposeFormValue, proposeInput, recordOwnFill } from "../../cobrowse/forms";
import { memberActor } from "../../access/actor";
import {
  protectedProcedure,
  publicProcedure,
  router,
  sessionLineProcedure,
  sessionProcedure,
  sessionStaffProcedure,
  type OrgContext,
} from "../trpc";

export const wireEvent = z.object({
  stream: z.string(),
  seq: z.number().int(),
  type: z.string(),
  actorParticipantId: z.string().nullable(),
  clientEventId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const clientEventId = safeString()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

const memberOf = (ctx: OrgContext) => memberActor({ userId: ctx.member.userId, membershipId: ctx.member.id, role: ctx.member.role });

export const sessionsRouter = router({
  view: sessionProcedure.query(({ ctx }) => getSessionView(ctx.seat)),

  /** Where the visitor's Close goes: the client's page they came from (allowed domains only), and the client's brand. */
  visitorExit: sessionProcedure
    .output(z.object({ returnUrl: z.string().nullable(), returnHost: z.string().nullable(), orgName: z.string(), brandColor: z.string() }))
    .query(({ ctx }) => getVisitorExit(ctx.seat)),

  /**
   * What the caller's seat may read after its cursors (per stream, the last seq it holds gapless;
   * a stream not named, e.g. a sidebar opened meanwhile, from its start). A full page: ask again.
   */
  events: sessionProcedure
    .input(
      z.object({
        cursors: z
          .record(safeString().min(1).max(200), z.number().int().min(0))
          .refine((c) => Object.keys(c).length <= MAX_CURSORS, `At most ${MAX_CURSORS} streams.`)
          .default({}),
      }),
    )
    .output(z.array(wireEvent))
    .query(({ ctx, input }) =>
      listEvents({
        orgId: ctx.seat.orgId,
        sessionId: ctx.seat.sessionId,
        participantId: ctx.seat.id,
        cursors: input.cursors,
        until: readsUntil(ctx.seat),
      }),
    ),

  send: sessionLineProcedure
    // The limit is enforced (with its message) in sendChatLine; this bound only stops absurd payloads.
    .input(z.object({ text: safeString().max(MAX_CHAT_LENGTH * 4), clientEventId }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => sendChatLine(ctx.seat, input, { reload: ctx.reloadSeat })),

  lead: sessionProcedure
    .input(
      z.object({
        url: safeString().max(MAX_URL_LENGTH * 2),
        newWindow: z.boolean().optional(),
        notToSelf: z.boolean().optional(),
        clientEventId: clientEventId.optional(),
      }),
    )
    .output(wireEvent)
    .mutation(({ ctx, input }) => leadTo(ctx.seat, input)),

  /** The leader's highlight box, circle or pointer ping on the shared page (server/sessions/annotate.ts checks it). */
  annotate: sessionProcedure
    // The shape's fields here (every text field checked like all others); the rules between them and their messages live in checkAnnotation.
    .input(z.object({ mark: annotationInput }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => annotate(ctx.seat, input.mark)),

  /** A follower opened a pop-up the leader sent (by itself, or with a click on "Open"). */
  popupOpened: sessionProcedure
    .input(z.object({ sentSeq: z.number().int(), how: z.enum(["auto", "click"]) }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => popupOpened(ctx.seat, { sentSeq: input.sentSeq, how: input.how })),

  passBaton: sessionProcedure
    .input(z.object({ toParticipantId: safeString().min(1).max(64) }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => passBaton(ctx.seat, input.toParticipantId)),

  requestBaton: sessionProcedure.output(wireEvent).mutation(({ ctx }) => requestBaton(ctx.seat)),

  takeBaton: sessionProcedure.output(wireEvent).mutation(({ ctx }) => takeBaton(ctx.seat)),

  /** A manager joins unseen (monitor, prompter) or barges in (agent); switching role reuses the seat. */
  joinAsStaff: sessionStaffProcedure
    .input(z.object({ role: z.enum(STAFF_JOIN_ROLES) }))
    .output(z.object({ participantId: z.string(), role: z.enum(STAFF_JOIN_ROLES) }))
    .mutation(({ ctx, input }) => joinAsStaff({ orgId: ctx.org.id, actor: memberOf(ctx), sessionId: input.sessionId, role: input.role })),

  /** A prompter's line: only the current leader receives it. */
  prompt: sessionProcedure
    .input(z.object({ text: safeString().max(MAX_CHAT_LENGTH * 4), clientEventId }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => sendPrompt(ctx.seat, input)),

  /** A load of the basic (no-JavaScript) page's conversation: the seat's sign of life (server/sessions/basic.ts). */
  /** The basic page's frame, with its request's Fetch Metadata: true when the load was recorded. */
  basicPageLoad: sessionProcedure
    .input(z.object({ site: safeString().max(32).nullable(), dest: safeString().max(32).nullable() }))
    .output(z.boolean())
    .mutation(({ ctx, input }) => recordBasicPageLoad(ctx.seat, { site: input.site, dest: input.dest })),

  leave: sessionProcedure.output(z.object({ ended: z.boolean() })).mutation(({ ctx }) => leaveSession(ctx.seat)),

  /**
   * The read-only transcript of a session that ended (or that the caller left): null while the
   * caller still has a live seat in it (the viewer's). Others: NOT_FOUND (staff with sessions.read
   * read any ended session of their org).
   */
  past: publicProcedure
    .input(z.object({ sessionId: safeString().min(1).max(64) }))
    .query(({ ctx, input }) => readPastSession({ userId: ctx.user?.id, visitorCookieId: ctx.visitorCookieId }, input.sessionId)),

  /** Wrap-up: a disposition and tags kept on the session, then the session ends (server/sessions/wrap-up.ts). */
  wrapUp: protectedProcedure
    .input(
      z.object({
        sessionId: safeString().min(1).max(64),
        disposition: z.enum(DISPOSITIONS),
        // Each tag is checked again after trimming and de-duplication (normaliseTags).
        tags: z
          .array(safeString().max(MAX_TAG_LENGTH * 2))
          .max(MAX_TAGS * 2)
          .default([]),
      }),
    )
    .output(z.object({ ended: z.boolean(), disposition: z.enum(DISPOSITIONS), tags: z.array(z.string()) }))
    .mutation(({ ctx, input }) => wrapUpSession({ userId: ctx.user.id, ...input })),

  /** Forms filled together (server/cobrowse/forms.ts): an agent proposes a value for a field of the visitor's co-browsed page. */
  formPropose: sessionProcedure
    .input(proposeInput)
    .output(wireEvent)
    .mutation(({ ctx, input }) => proposeFormValue(ctx.seat, input)),

  /** The visitor's answer to a proposal, once their page applied it (or not). */
  formAnswer: sessionProcedure
    .input(answerInput)
    .output(wireEvent)
    .mutation(({ ctx, input }) => answerFormProposal(ctx.seat, input)),

  /** A field the visitor filled themselves; a masked field's value is never kept. */
  formFilled: sessionProcedure
    .input(ownFillInput)
    .output(wireEvent)
    .mutation(({ ctx, input }) => recordOwnFill(ctx.seat, input)),

  replay: sessionStaffProcedure.query(({ ctx, input }) =>
    getReplay({ orgId: ctx.org.id, actor: memberOf(ctx), sessionId: input.sessionId }),
  ),
});
