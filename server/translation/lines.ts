// Chat lines in the reader's language (docs/translation.md). Read-side only: the chat send path never
// waits on a provider. A reader asks for a batch of lines by (stream, seq); lines its seat may not
// read (another's sidebar, a prompt to someone else, after a removal) are left out exactly as
// sessions.events leaves them out. Each line goes to the provider once per language: later readers
// get the LineTranslation row. A failing provider gives `failed: true` and no lines, never an error.
import "server-only";
import { fromProviderLanguage, type LanguageCode } from "../../lib/languages";
import { visibleTo } from "../archive/read";
import { db } from "../db";
import { readsUntil, type Seat } from "../sessions/participant";
import type { Translation, TranslationProvider } from "./provider";

/** How many lines one call may ask for. */
export const MAX_LINES_PER_CALL = 50;
/** One provider request carries at most this much text (UTF-8 bytes): DeepL takes 128 KiB per request, URL-encoded. */
const PROVIDER_BATCH_BYTES = 30_000;

export type LineRef = { stream: string; seq: number };
export type TranslatedLine = {
  stream: string;
  seq: number;
  text: string;
  /** The line's language as detected, null when unknown. */
  sourceLanguage: LanguageCode | null;
  /** The line is already in the reader's language: show it as it is. */
  sameLanguage: boolean;
};
export type TranslatedLines = {
  /** False: translation is off (nothing configured); the viewer shows no language control. */
  available: boolean;
  /** The provider failed for some asked lines: they are missing here and shown in the original. */
  failed: boolean;
  lines: TranslatedLine[];
};

/** The events that carry a line of someone's words, and where their text is. */
const LINE_TEXT: Record<string, string> = { chat: "text", "sidebar.chat": "text", prompt: "text", "session.started": "question" };

function lineText(type: string, payload: unknown): string | null {
  const field = LINE_TEXT[type];
  const value = field && payload && typeof payload === "object" ? (payload as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" && value.trim() ? value : null;
}

// One provider call per line and language at a time in this process: a second reader who asks while
// the first one's call runs waits for it instead of sending the line again.
const inFlight = new Map<string, Promise<Translation>>();

function chunks<T extends { text: string }>(items: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item.text, "utf8");
    if (current.length > 0 && bytes + size > PROVIDER_BATCH_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export async function translateLines(
  seat: Pick<Seat, "id" | "orgId" | "sessionId" | "leftAt" | "removedAt">,
  input: { language: LanguageCode; lines: readonly LineRef[] },
  provider: TranslationProvider | null,
): Promise<TranslatedLines> {
  if (!provider) return { available: false, failed: false, lines: [] };
  if (input.lines.length === 0) return { available: true, failed: false, lines: [] };
  const until = readsUntil(seat);
  const rows = await db.sessionEvent.findMany({
    where: {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      type: { in: Object.keys(LINE_TEXT) },
      AND: [
        visibleTo(seat.id),
        { OR: input.lines.map((l) => ({ stream: l.stream, seq: l.seq })) },
        until ? { createdAt: { lte: until } } : {},
      ],
    },
    select: {
      id: true,
      stream: true,
      seq: true,
      type: true,
      payload: true,
      translations: { where: { language: input.language }, select: { text: true, sourceLanguage: true } },
    },
  });

  const out: TranslatedLine[] = [];
  const missing: { id: bigint; stream: string; seq: number; text: string }[] = [];
  for (const row of rows) {
    const original = lineText(row.type, row.payload);
    if (original === null) continue;
    const cached = row.translations[0];
    if (cached) out.push(shape(row, cached.text, fromProviderLanguage(cached.sourceLanguage), input.language));
    else missing.push({ id: row.id, stream: row.stream, seq: row.seq, text: original });
  }
  if (missing.length === 0) return { available: true, failed: false, lines: out };

  const key = (id: bigint) => `${id}:${input.language}`;
  const toAsk = missing.filter((m) => !inFlight.has(key(m.id)));
  for (const batch of chunks(toAsk)) {
    const call = provider
      .translate(
        batch.map((m) => m.text),
        input.language,
      )
      .then(async (results) => {
        // Stored before the waiting readers are answered, so the next reader finds the row.
        await db.lineTranslation.createMany({
          data: batch.map((m, i) => ({
            orgId: seat.orgId,
            sessionId: seat.sessionId,
            eventId: m.id,
            language: input.language,
            text: results[i]!.text,
            sourceLanguage: results[i]!.detectedSource,
          })),
          skipDuplicates: true,
        });
        return results;
      });
    batch.forEach((m, i) =>
      inFlight.set(
        key(m.id),
        call.then((r) => r[i]!),
      ),
    );
    void call.then(
      () => batch.forEach((m) => inFlight.delete(key(m.id))),
      () => batch.forEach((m) => inFlight.delete(key(m.id))),
    );
  }
  const waits = missing.map((m) => inFlight.get(key(m.id))!);
  const settled = await Promise.allSettled(waits);
  let failed = false;
  settled.forEach((r, i) => {
    const m = missing[i]!;
    if (r.status === "fulfilled") out.push(shape(m, r.value.text, r.value.detectedSource, input.language));
    else failed = true;
  });
  if (failed) {
    const reason = settled.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason as unknown;
    // The provider's error only: never the lines' text (personal data).
    console.warn(
      `[translation] ${provider.name} failed; readers see the original lines: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }
  return { available: true, failed, lines: out };
}

function shape(line: { stream: string; seq: number }, text: string, source: LanguageCode | null, target: LanguageCode): TranslatedLine {
  return { stream: line.stream, seq: line.seq, text, sourceLanguage: source, sameLanguage: source === target };
}
