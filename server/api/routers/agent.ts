// The agent's own routing: status, offers, open sessions. Everything acts on ctx.member, the caller's
// membership in the org named by the input, so nobody answers another agent's offers.
import { z } from "zod";
import { agentPresence, openSessions, pendingOffers } from "../../agents/console";
import { setAgentStatus } from "../../agents/set-status";
import { acceptOffer, declineOffer } from "../../routing/offers";
import { orgProcedure, router } from "../trpc";

const offerOutput = z.object({
  offerId: z.string(),
  queueEntryId: z.string(),
  expiresAt: z.string(),
  question: z.string(),
  referrerUrl: z.string().nullable(),
  scenarioName: z.string(),
  visitor: z.object({ name: z.string().nullable(), email: z.string().nullable(), earlierSessions: z.number().int(), firstSeenAt: z.string() }),
});

export const agentRouter = router({
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
    .input(z.object({ status: z.string().min(1).max(32).optional(), autoAccept: z.boolean().optional() }))
    .output(z.object({ membershipId: z.string(), status: z.string(), since: z.string(), capacity: z.number().int() }))
    .mutation(({ ctx, input }) =>
      setAgentStatus({ orgId: ctx.org.id, membershipId: ctx.member.id, status: input.status, autoAccept: input.autoAccept }),
    ),

  offers: orgProcedure("sessions.handle")
    .output(z.array(offerOutput))
    .query(({ ctx }) => pendingOffers({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  accept: orgProcedure("sessions.handle")
    .input(z.object({ offerId: z.string().min(1).max(64) }))
    .output(z.object({ sessionId: z.string() }))
    .mutation(({ ctx, input }) => acceptOffer({ orgId: ctx.org.id, offerId: input.offerId, membershipId: ctx.member.id })),

  decline: orgProcedure("sessions.handle")
    .input(z.object({ offerId: z.string().min(1).max(64) }))
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
});
