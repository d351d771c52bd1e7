// Collaboration rooms (server/sessions/room*.ts). Joining by invitation is the join page's own
// form (app/s/[sessionId]/join), for visitors without JavaScript too; staff join from the Rooms
// list through sessions.joinAsStaff.
import "server-only";
import { z } from "zod";
import { createRoomInvite } from "../../sessions/room-invite";
import { router, sessionProcedure } from "../trpc";

export const roomsRouter = router({
  /** A link to share: a signed invitation to the caller's room (a mutation: it mints a token). */
  invite: sessionProcedure.output(z.object({ path: z.string(), expiresAt: z.string() })).mutation(({ ctx }) => createRoomInvite(ctx.seat)),
});
