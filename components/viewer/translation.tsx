"use client";
// Lines in the reader's language (docs/translation.md): the language (the browser's, changeable,
// kept in this browser), the translations fetched in batches for lines of others, the language
// control, and one line's text with its "Show original" toggle. Nothing here when translation is off.
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useQuery } from "@tanstack/react-query";
import { isLanguageCode, LANGUAGE_CODES, LANGUAGES, negotiateLanguage, type LanguageCode } from "@/lib/languages";
import { eventKey, type WireEvent } from "@/lib/session-events";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import { RichText } from "./rich-text";

const STORAGE_KEY = "isession.readingLanguage";
/** The most lines one request asks for (server/translation/lines.ts, MAX_LINES_PER_CALL). */
const BATCH = 50;
/** New lines are gathered this long before one request asks for all of them. */
const GATHER_MS = 250;
/**
 * After a provider failure, lines are asked again after 2 s, then twice as long each time up to 30 s:
 * a blip (a cold first call, one slow answer) heals in seconds, an outage is not hammered.
 */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;
export function retryDelay(failuresInARow: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failuresInARow - 1));
}
/** Events that carry someone's words (as the server's LINE_TEXT). */
const LINE_TYPES = new Set(["chat", "sidebar.chat", "prompt", "session.started"]);

// One language for every pane of the page (the console shows several sessions), kept in this browser.
const listeners = new Set<() => void>();
// The choice, for this page, when storage refuses writes (some private modes).
let chosen: LanguageCode | null = null;
function readLanguage(): LanguageCode {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && isLanguageCode(stored)) return stored;
  } catch {
    // Storage refused: the choice made on this page, or the browser's language.
  }
  return chosen ?? negotiateLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}
function subscribe(notify: () => void) {
  listeners.add(notify);
  const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && notify();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(notify);
    window.removeEventListener("storage", onStorage);
  };
}
function chooseLanguage(l: LanguageCode) {
  chosen = l;
  try {
    window.localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // Kept for this page only.
  }
  listeners.forEach((notify) => notify());
}

/** The reader's language: the browser's until they choose another. Null while rendering on the server. */
export function useReadingLanguage(): [LanguageCode | null, (l: LanguageCode) => void] {
  return [useSyncExternalStore(subscribe, readLanguage, () => null), chooseLanguage];
}

export type TranslatedLine = { text: string; sameLanguage: boolean };
export type LineTranslations = {
  language: LanguageCode;
  /** By eventKey; a line without an entry shows as written. */
  lines: ReadonlyMap<string, TranslatedLine>;
};

export type TranslationState = {
  /** False when the service has no provider: no control is shown. */
  available: boolean;
  language: LanguageCode | null;
  setLanguage: (l: LanguageCode) => void;
  /** The provider failed for some lines: they show in the original for now. */
  failed: boolean;
  translations: LineTranslations | undefined;
};

/** Translations of others' lines among `events`, asked in batches and remembered per language. */
export function useLineTranslations(sessionId: string, events: readonly WireEvent[], isMine: (e: WireEvent) => boolean): TranslationState {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const status = useQuery({ ...trpc.translation.status.queryOptions(), staleTime: Infinity });
  const available = status.data?.available === true;
  const [language, setLanguage] = useReadingLanguage();
  // Answers for one language at a time: a switch starts a new map.
  const [got, setGot] = useState<{ language: LanguageCode | null; lines: Map<string, TranslatedLine>; failed: boolean }>(() => ({
    language: null,
    lines: new Map(),
    failed: false,
  }));
  const [retryTick, setRetryTick] = useState(0);
  // The lines already asked for in the current language (answered, in flight, or none we may read).
  const asked = useRef(new Set<string>());
  const linesFor = useRef<LanguageCode | null>(null);
  const failuresInARow = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const wanted = useMemo(
    () =>
      events
        .filter((e) => LINE_TYPES.has(e.type) && !isMine(e) && (e.type !== "session.started" || typeof e.payload.question === "string"))
        .map((e) => ({ stream: e.stream, seq: e.seq })),
    [events, isMine],
  );

  useEffect(() => {
    if (!available || !language) return;
    if (linesFor.current !== language) {
      linesFor.current = language;
      asked.current = new Set();
    }
    const done = asked.current;
    const todo = wanted.filter((l) => !done.has(eventKey(l)));
    if (todo.length === 0) return;
    // Marked at once, so renders in the gathering window (typing) neither delay nor repeat the request.
    todo.forEach((l) => done.add(eventKey(l)));
    const current = () => mounted.current && linesFor.current === language;
    const again = (batch: { stream: string; seq: number }[]) => {
      batch.forEach((l) => done.delete(eventKey(l)));
      failuresInARow.current += 1;
      setTimeout(() => mounted.current && setRetryTick((t) => t + 1), retryDelay(failuresInARow.current));
    };
    setTimeout(() => {
      for (let i = 0; i < todo.length; i += BATCH) {
        const batch = todo.slice(i, i + BATCH);
        client.translation.lines
          .query({ sessionId, language, lines: batch })
          .then((r) => {
            if (!current()) return;
            setGot((prev) => {
              const next = new Map(prev.language === language ? prev.lines : undefined);
              for (const l of r.lines) next.set(eventKey(l), { text: l.text, sameLanguage: l.sameLanguage });
              return { language, lines: next, failed: r.failed };
            });
            // Lines the provider could not do are asked again later.
            const answered = new Set(r.lines.map((l) => eventKey(l)));
            if (r.failed) again(batch.filter((l) => !answered.has(eventKey(l))));
            else failuresInARow.current = 0;
          })
          .catch(() => {
            if (!current()) return;
            setGot((prev) => (prev.language === language ? { ...prev, failed: true } : { language, lines: new Map(), failed: true }));
            again(batch);
          });
      }
    }, GATHER_MS);
  }, [available, language, wanted, sessionId, client, retryTick]);

  const current = available && language !== null && got.language === language;
  return {
    available,
    language,
    setLanguage,
    failed: current && got.failed,
    translations: current ? { language, lines: got.lines } : undefined,
  };
}

/** The small "Show lines in" control and, after a provider failure, a notice. Nothing when translation is off. */
export function LanguageBar({ t }: { t: TranslationState }) {
  const id = useId();
  if (!t.available || !t.language) return null;
  return (
    <div
      className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-1 text-xs text-slate-600"
      data-translation-bar
    >
      {t.failed ? (
        <p role="status" className="mr-auto text-amber-800">
          Translation is unavailable right now: lines show as written.
        </p>
      ) : null}
      <label htmlFor={id} className="font-medium">
        Show lines in
      </label>
      <select
        id={id}
        value={t.language}
        onChange={(e) => isLanguageCode(e.target.value) && t.setLanguage(e.target.value)}
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-900 max-sm:min-h-11"
      >
        {LANGUAGE_CODES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A line's words: translated when the reader reads another language, with the original one click away. */
export function LineText({ text, translated, language }: { text: string; translated: TranslatedLine | undefined; language: LanguageCode }) {
  const [original, setOriginal] = useState(false);
  const showsTranslation = translated !== undefined && !translated.sameLanguage && translated.text !== text;
  if (!showsTranslation) {
    return (
      <p className="break-words whitespace-pre-wrap">
        <RichText text={text} />
      </p>
    );
  }
  return (
    <>
      <p
        className="break-words whitespace-pre-wrap"
        lang={original ? undefined : language}
        data-translated={original ? undefined : language}
      >
        <RichText text={original ? text : translated.text} />
      </p>
      <button
        type="button"
        onClick={() => setOriginal((o) => !o)}
        className="mt-0.5 text-[11px] text-slate-500 underline underline-offset-2 hover:text-slate-700 max-sm:min-h-11"
      >
        {original ? "Show translation" : "Show original"}
      </button>
    </>
  );
}
