"use client";
// One status line that several actions share (save, archive, restore, a role change): the latest
// outcome wins, so a success replaces an earlier failure and the other way round. A form whose
// fields the server may mark uses useFormMutation instead.
import { useCallback, useState } from "react";
import { errorSentence } from "./form-errors";

export type NoticeLine = { tone: "ok" | "error"; text: string } | null;

/** `read` turns a failed call into the line's text; pass a function defined outside the component. */
export function useNotice(read: (e: unknown) => string = errorSentence) {
  const [notice, setNotice] = useState<NoticeLine>(null);
  // An empty text clears the line: what a cancelled edit reports.
  const ok = useCallback((text: string) => setNotice(text ? { tone: "ok", text } : null), []);
  const fail = useCallback((text: string) => setNotice({ tone: "error", text }), []);
  const failed = useCallback((e: unknown) => setNotice({ tone: "error", text: read(e) }), [read]);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, ok, fail, failed, clear };
}
