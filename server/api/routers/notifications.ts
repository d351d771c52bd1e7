import "server-only";
import { z } from "zod";
import { listNotifications, markNotificationsRead } from "../../notifications/list";
import { orgProcedure, router } from "../trpc";
import { id } from "./dashboard-schemas";

export const notificationsRouter = router({
  list: orgProcedure("notifications.read")
    .output(
      z.object({
        unread: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            kind: z.string(),
            title: z.string(),
            body: z.string(),
            readAt: z.date().nullable(),
            createdAt: z.date(),
          }),
        ),
      }),
    )
    .query(({ ctx }) => listNotifications({ orgId: ctx.org.id, membershipId: ctx.member.id })),
  markRead: orgProcedure("notifications.read")
    .input(z.object({ ids: z.union([z.array(id).max(200), z.literal("all")]) }))
    .output(z.object({ marked: z.number().int() }))
    .mutation(({ ctx, input }) => markNotificationsRead({ orgId: ctx.org.id, membershipId: ctx.member.id, ids: input.ids })),
});
