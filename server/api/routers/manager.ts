// The manager's live monitor: the read model, reassigning a session, and the monitor's settings.
import "server-only";
import { z } from "zod";
import { MemberRole } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";
import { managerOverview } from "../../manager/overview";
import { monitorSettingsInput, setMonitorSettings } from "../../manager/settings";
import { recentEndedSessions } from "../../sessions/recent";
import { transferSession } from "../../sessions/transfer";
import { orgProcedure, router } from "../trpc";
import { recentSessionRow } from "./agent";

const id = safeString().min(1).max(64);

const sessionRow = z.object({
  sessionId: z.string(),
  title: z.string(),
  startedAt: z.date(),
  joinedAt: z.date(),
  visitors: z.array(z.string()),
  question: z.string(),
});

export const managerRouter = router({
  /** The org's recently ended sessions, for staff who may read any of them. */
  recentSessions: orgProcedure("sessions.read")
    .output(z.array(recentSessionRow))
    .query(({ ctx }) => recentEndedSessions({ orgId: ctx.org.id })),

  overview: orgProcedure("sessions.monitor")
    .output(
      z.object({
        now: z.date(),
        agents: z.array(
          z.object({
            membershipId: z.string(),
            name: z.string(),
            role: z.enum(MemberRole),
            status: z.string(),
            statusLabel: z.string(),
            routable: z.boolean(),
            since: z.date().nullable(),
            capacity: z.number().int(),
            load: z.number().int(),
            aboveCapacity: z.boolean(),
            sessions: z.array(sessionRow),
          }),
        ),
        queue: z.object({ waiting: z.number().int(), longestWaitSec: z.number().int() }),
        today: z.object({
          since: z.date(),
          started: z.number().int(),
          ended: z.number().int(),
          abandoned: z.number().int(),
          medianWaitSec: z.number().int().nullable(),
        }),
        settings: z.object({ longestWaitAlertSec: z.number().int() }),
        alerts: z.array(
          z.object({ kind: z.enum(["above_capacity", "long_wait"]), membershipId: z.string().optional(), message: z.string() }),
        ),
      }),
    )
    .query(({ ctx }) => managerOverview({ orgId: ctx.org.id })),

  reassign: orgProcedure("sessions.monitor")
    .input(z.object({ sessionId: id, fromMembershipId: id, toMembershipId: id }))
    .output(z.object({ sessionId: z.string(), toParticipantId: z.string().nullable(), kind: z.enum(["agent", "queue"]) }))
    .mutation(({ ctx, input }) =>
      transferSession({
        orgId: ctx.org.id,
        sessionId: input.sessionId,
        fromMembershipId: input.fromMembershipId,
        to: { kind: "agent", membershipId: input.toMembershipId },
        actor: { membershipId: ctx.member.id },
      }),
    ),

  setSettings: orgProcedure("org.write")
    .input(monitorSettingsInput)
    .output(monitorSettingsInput)
    .mutation(({ ctx, input }) => setMonitorSettings({ orgId: ctx.org.id, input: { longestWaitAlertSec: input.longestWaitAlertSec } })),
});
