// The agent's own routing: status, offers, open sessions. Everything acts on ctx.member, the caller's
// membership in the org named by the input, so nobody answers another agent's offers.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { agentPresence, openSessions, pendingOffers } from "../../agents/console";
import { setAgentStatus } from "../../agents/set-status";
import { memberAvatar, setMemberAvatar } from "../../avatars/member";
import { NOTES_MAX, sessionContext, setVisitorNotes } from "../../agents/context";
import { agentRows } from "../../manager/overview";
import { acceptOffer, declineOffer } from "../../routing/offers";
import { recentEndedSessions } from "../../sessions/recent";
import { transferSession } from "../../sessions/transfer";
import { orgProcedure, router } from "../trpc";
import { avatarValue } from "./dashboard-schemas";

const offerOutput = z.object({
  offerId: z.string(),
  queueEntryId: z.string(),
  expiresAt: z.string(),
  question: z.string(),
  referrerUrl: z.string().nullable(),
  scenarioName: z.string(),
  visitor: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    earlierSessions: z.number().int(),
    firstSeenAt: z.string(),
  }),
});

/** A recently ended session, linked to its read-only transcript (agent console, dashboard, live monitor). */
export const recentSessionRow = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.date(),
  endedAt: z.date(),
  question: z.string(),
  visitors: z.array(z.string()),
  agents: z.array(z.string()),
});

export const agentRouter = router({
  /** The caller's own recently ended sessions. */
  recentSessions: orgProcedure("sessions.handle")
    .output(z.array(recentSessionRow))
    .query(({ ctx }) => recentEndedSessions({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  presence: orgProcedure("sessions.handle")
    .output(
      z.object({
        status: z.string(),
        since: z.date().nullable(),
        capacity: z.number().int(),
        autoAccept: z.boolean(),
        load: z.number().int(),
        statuses: z.array(z.object({ key: z.string(), label: z.string(), routable: z.boolean() })),
      }),
    )
    .query(({ ctx }) => agentPresence({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  setStatus: orgProcedure("sessions.handle")
    .input(z.object({ status: safeString().min(1).max(32).optional(), autoAccept: z.boolean().optional() }))
    .output(z.object({ membershipId: z.string(), status: z.string(), since: z.string(), capacity: z.number().int() }))
    .mutation(({ ctx, input }) =>
      setAgentStatus({ orgId: ctx.org.id, membershipId: ctx.member.id, status: input.status, autoAccept: input.autoAccept }),
    ),

  /** The caller's own avatar, shown for their seat in the sessions they take. */
  avatar: orgProcedure("sessions.handle")
    .output(z.object({ avatarUrl: z.string().nullable() }))
    .query(({ ctx }) => memberAvatar({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  setAvatar: orgProcedure("sessions.handle")
    .input(z.object({ avatarUrl: avatarValue }))
    .output(z.object({ avatarUrl: z.string().nullable() }))
    .mutation(({ ctx, input }) => setMemberAvatar({ orgId: ctx.org.id, membershipId: ctx.member.id, avatarUrl: input.avatarUrl })),

  offers: orgProcedure("sessions.handle")
    .output(z.array(offerOutput))
    .query(({ ctx }) => pendingOffers({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  accept: orgProcedure("sessions.handle")
    .input(z.object({ offerId: safeString().min(1).max(64) }))
    .output(z.object({ sessionId: z.string() }))
    .mutation(({ ctx, input }) => acceptOffer({ orgId: ctx.org.id, offerId: input.offerId, membershipId: ctx.member.id })),

  decline: orgProcedure("sessions.handle")
    .input(z.object({ offerId: safeString().min(1).max(64) }))
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({
      ok: await declineOffer({ orgId: ctx.org.id, offerId: input.offerId, membershipId: ctx.member.id }),
    })),

  sessions: orgProcedure("sessions.handle")
    .output(
      z.array(
        z.object({
          sessionId: z.string(),
          title: z.string(),
          startedAt: z.date(),
          role: z.string(),
          question: z.string(),
          referrerUrl: z.string().nullable(),
          visitors: z.array(z.string()),
        }),
      ),
    )
    .query(({ ctx }) => openSessions({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  /** The context panel for one of the agent's sessions. */
  context: orgProcedure("sessions.handle")
    .input(z.object({ sessionId: safeString().min(1).max(64) }))
    .output(
      z.object({
        sessionId: z.string(),
        question: z.string(),
        referrerUrl: z.string().nullable(),
        /** Staff-only: when the visitor asked for help and from which IP address. */
        entry: z.object({ clientAddress: z.string().nullable(), at: z.date() }).nullable(),
        visitor: z
          .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), notes: z.string(), firstSeenAt: z.date() })
          .nullable(),
        earlierSessions: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            startedAt: z.date(),
            endedAt: z.date().nullable(),
            status: z.enum(["ACTIVE", "ENDED"]),
            question: z.string(),
            /** The visitor's satisfaction survey answer to that session (docs/surveys.md). */
            rating: z.object({ scale: z.enum(["STARS", "THUMBS"]), rating: z.number().int(), comment: z.string().nullable() }).nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) =>
      sessionContext({ orgId: ctx.org.id, membershipId: ctx.member.id, role: ctx.member.role, sessionId: input.sessionId }),
    ),

  setVisitorNotes: orgProcedure("sessions.handle")
    .input(
      z.object({
        visitorId: safeString().min(1).max(64),
        notes: safeString().max(NOTES_MAX, `Notes can be at most ${NOTES_MAX} characters.`),
      }),
    )
    .output(z.object({ visitorId: z.string(), notes: z.string(), savedAt: z.date() }))
    .mutation(({ ctx, input }) =>
      setVisitorNotes({
        orgId: ctx.org.id,
        membershipId: ctx.member.id,
        role: ctx.member.role,
        visitorId: input.visitorId,
        notes: input.notes,
      }),
    ),

  /** Colleagues a session can go to now: ready and below capacity. */
  transferTargets: orgProcedure("sessions.handle")
    .output(
      z.array(
        z.object({
          membershipId: z.string(),
          name: z.string(),
          statusLabel: z.string(),
          load: z.number().int(),
          capacity: z.number().int(),
        }),
      ),
    )
    .query(async ({ ctx }) =>
      (await agentRows(ctx.org.id))
        .filter((a) => a.membershipId !== ctx.member.id && a.routable && a.load < a.capacity)
        .map(({ membershipId, name, statusLabel, load, capacity }) => ({ membershipId, name, statusLabel, load, capacity })),
    ),

  /** Hands one of the caller's sessions to a ready colleague, or back to the queue. */
  transfer: orgProcedure("sessions.handle")
    .input(
      z.object({
        sessionId: safeString().min(1).max(64),
        to: z.union([
          z.object({ kind: z.literal("agent"), membershipId: safeString().min(1).max(64) }),
          z.object({ kind: z.literal("queue") }),
        ]),
      }),
    )
    .output(z.object({ sessionId: z.string(), toParticipantId: z.string().nullable(), kind: z.enum(["agent", "queue"]) }))
    .mutation(({ ctx, input }) =>
      transferSession({
        orgId: ctx.org.id,
        sessionId: input.sessionId,
        fromMembershipId: ctx.member.id,
        to: input.to,
        actor: { membershipId: ctx.member.id },
      }),
    ),
});
