// Dashboard procedures on the org itself: overview, preferences, avatar uploads. Mounted into `org`.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { orgAgentStatuses } from "../../agents/statuses";
import { AVATAR_GALLERY } from "../../avatars/gallery";
import { MAX_AVATAR_BYTES, uploadAvatar } from "../../avatars/upload";
import { orgOverview } from "../../orgs/overview";
import { MAX_ALLOWED_DOMAINS, MAX_AGENT_STATUSES, MAX_SERVICE_LEVEL_SECONDS, updatePreferences } from "../../orgs/update-preferences";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../../privacy/retention";
import { orgProcedure } from "../trpc";
import { actorOf, agentStatus, routingMode } from "./dashboard-schemas";

const statusesOutput = z.array(agentStatus);

export const orgAdminProcedures = {
  overview: orgProcedure("org.write")
    .output(
      z.object({
        periodStart: z.date(),
        sessionsThisMonth: z.number().int(),
        visitorMinutes: z.number().int(),
        sessionHits: z.number().int(),
        liveSessions: z.number().int(),
        agentsReady: z.number().int(),
        freeSeats: z.number().int(),
        launchers: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
        unreadNotifications: z.number().int(),
        pendingInvitations: z.number().int(),
      }),
    )
    .query(({ ctx }) => orgOverview({ orgId: ctx.org.id, membershipId: ctx.member.id })),

  statuses: orgProcedure("org.read")
    .output(statusesOutput)
    .query(({ ctx }) => orgAgentStatuses(ctx.org.id)),

  avatarGallery: orgProcedure("org.read")
    .output(z.array(z.object({ path: z.string(), label: z.string() })))
    .query(() => AVATAR_GALLERY.map((a) => ({ ...a }))),

  updatePreferences: orgProcedure("org.write")
    .input(
      z.object({
        name: safeString().trim().min(1).max(100).optional(),
        brandColor: safeString()
          .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.")
          .optional(),
        routingMode: routingMode.optional(),
        ringTimeoutSec: z.number().int().min(5).max(300).optional(),
        maxConcurrentSeats: z.number().int().min(1).max(1_000_000).nullable().optional(),
        allowedDomains: z.array(safeString().max(300)).max(MAX_ALLOWED_DOMAINS).optional(),
        agentStatuses: z.array(agentStatus).max(MAX_AGENT_STATUSES).optional(),
        timeZone: safeString()
          .trim()
          .min(1, "Choose a time zone.")
          .max(64, "Time zone must be a zone name like America/New_York.")
          .optional(),
        serviceLevelSeconds: z.number().int().min(1).max(MAX_SERVICE_LEVEL_SECONDS).optional(),
        serviceLevelPercent: z.number().int().min(1).max(100).optional(),
        retentionDays: z
          .number()
          .int("Retention is a whole number of days.")
          .min(MIN_RETENTION_DAYS, `Keep transcripts and visitor data ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days (7 years).`)
          .max(MAX_RETENTION_DAYS, `Keep transcripts and visitor data ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days (7 years).`)
          .optional(),
      }),
    )
    .output(z.object({ agentStatuses: statusesOutput }))
    .mutation(({ ctx, input }) => {
      const { orgId: _orgId, ...prefs } = input;
      return updatePreferences({ orgId: ctx.org.id, actor: actorOf(ctx), prefs });
    }),

  uploadAvatar: orgProcedure("scenarios.write")
    // base64 grows data by a third; the exact byte limit is checked after decoding.
    .input(
      z.object({
        base64: safeString()
          .min(1)
          .max(Math.ceil((MAX_AVATAR_BYTES * 4) / 3) + 100),
      }),
    )
    .output(z.object({ url: z.string() }))
    .mutation(({ ctx, input }) => uploadAvatar({ orgId: ctx.org.id, base64: input.base64 })),
};
