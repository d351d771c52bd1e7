// Sidebars inside a session: private conversations among chosen participants. Acts as the caller's
// own seat, like every session procedure.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { MAX_CHAT_LENGTH } from "../../../lib/session-events";
import { closeSidebar, MAX_SIDEBAR_MEMBERS, MAX_SIDEBAR_TITLE, openSidebar, sendSidebarLine } from "../../sidebars/sidebars";
import { router, sessionProcedure } from "../trpc";
import { clientEventId, wireEvent } from "./sessions";

const id = safeString().min(1).max(64);

export const sidebarsRouter = router({
  open: sessionProcedure
    .input(
      z.object({
        memberIds: z
          .array(id)
          .min(1)
          .max(MAX_SIDEBAR_MEMBERS + 1),
        title: safeString()
          .max(MAX_SIDEBAR_TITLE * 2)
          .optional(),
      }),
    )
    .output(z.object({ sidebarId: z.string(), event: wireEvent }))
    .mutation(({ ctx, input }) => openSidebar(ctx.seat, input)),

  send: sessionProcedure
    .input(z.object({ sidebarId: id, text: safeString().max(MAX_CHAT_LENGTH * 4), clientEventId }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => sendSidebarLine(ctx.seat, input)),

  close: sessionProcedure
    .input(z.object({ sidebarId: id }))
    .output(wireEvent)
    .mutation(({ ctx, input }) => closeSidebar(ctx.seat, input)),
});
