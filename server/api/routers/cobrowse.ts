// Co-browsing (docs/cobrowse.md): the visitor's viewer pairs their tab on the client's site; admins
// set it per launcher. The tab itself talks to the route handlers under app/api/cobrowse/.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { claimPairing } from "../../cobrowse/pairing";
import { getCobrowseSettings, setCobrowseSettings } from "../../cobrowse/settings";
import { orgProcedure, router, sessionProcedure } from "../trpc";
import { id } from "./dashboard-schemas";

const settingsOutput = z.object({ launcherId: z.string(), enabled: z.boolean(), maskSelectors: z.string() });

export const cobrowseRouter = router({
  /** The visitor's viewer claims the nonce its entry page kept (components/cobrowse/visitor-pairing.tsx). */
  pair: sessionProcedure
    .input(z.object({ nonce: safeString().min(1).max(128) }))
    .output(z.object({ paired: z.literal(true) }))
    .mutation(({ ctx, input }) => claimPairing(ctx.seat, input.nonce)),

  settings: orgProcedure("launchers.read")
    .input(z.object({ launcherId: id }))
    .output(settingsOutput)
    .query(({ ctx, input }) => getCobrowseSettings(ctx.org.id, input.launcherId)),

  setSettings: orgProcedure("launchers.write")
    .input(z.object({ launcherId: id, enabled: z.boolean(), maskSelectors: safeString().max(20_000) }))
    .output(settingsOutput)
    .mutation(({ ctx, input }) => setCobrowseSettings(ctx.org.id, input)),
});
