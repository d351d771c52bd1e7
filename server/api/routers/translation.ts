// Chat lines in the reader's language (server/translation/lines.ts, docs/translation.md).
import "server-only";
import { z } from "zod";
import { LANGUAGE_CODES } from "../../../lib/languages";
import { configuredProvider } from "../../translation/config";
import { MAX_LINES_PER_CALL, translateLines } from "../../translation/lines";
import { safeString } from "../schemas/safe-string";
import { publicProcedure, router, sessionProcedure } from "../trpc";

export const readerLanguage = z.enum(LANGUAGE_CODES, {
  error: "Unknown language code: use one of the listed languages (e.g. en, fr, de).",
});

export const translationRouter = router({
  /** Whether translation is on: off (nothing configured) is no error, and the viewer shows no language control. */
  status: publicProcedure.output(z.object({ available: z.boolean() })).query(() => ({ available: configuredProvider() !== null })),

  /** Lines of the caller's session in `language`, as far as the caller's seat may read them; cached per line and language. */
  lines: sessionProcedure
    .input(
      z.object({
        language: readerLanguage,
        lines: z
          .array(z.object({ stream: safeString().min(1).max(200), seq: z.number().int().min(0) }))
          .min(1, "Name at least one line.")
          .max(MAX_LINES_PER_CALL, `At most ${MAX_LINES_PER_CALL} lines per call.`),
      }),
    )
    .output(
      z.object({
        available: z.boolean(),
        failed: z.boolean(),
        lines: z.array(
          z.object({
            stream: z.string(),
            seq: z.number().int(),
            text: z.string(),
            sourceLanguage: z.enum(LANGUAGE_CODES).nullable(),
            sameLanguage: z.boolean(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => translateLines(ctx.seat, { language: input.language, lines: input.lines }, configuredProvider())),
});
