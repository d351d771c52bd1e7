"use client";
import { forwardRef, useState, type KeyboardEvent, type ReactNode, type TextareaHTMLAttributes } from "react";
import { MAX_CHAT_LENGTH } from "@/lib/session-events";
import { useDraftFocus, useDrafts } from "./use-drafts";

/**
 * What a picker adds to the input line (the console's macros: components/agent/macro-composer.tsx),
 * built from the text on every render so that the one text area stays the only input.
 */
export type ComposerPicker = {
  /** Shown above the input line (the menu); null while closed. */
  menu: ReactNode;
  /** The text area's combobox attributes. */
  input: Pick<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    "role" | "aria-expanded" | "aria-controls" | "aria-autocomplete" | "aria-activedescendant"
  >;
  /** Sees each key before the Composer does; true when it used the key. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
};

/**
 * The input line (16 px text on a phone: mobile Safari zooms into a smaller one): Enter sends, Shift+Enter breaks the line; what is typed is reported as typing.
 * `draft` replaces the text when its `id` changes (a prompt the leader chose to use). The text is
 * kept per `conversation` (room or sidebar id).
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  {
    disabled: boolean;
    onSend: (text: string) => void;
    onTyping: (text: string) => void;
    placeholder?: string;
    draft?: { id: string; text: string } | null;
    conversation?: string;
    /** The text area's label (read by screen readers only). */
    label?: string;
    /** Unique per page: the console shows one Composer per open session. */
    inputId?: string;
    /** `replace` sets the text as typing would (reported through onTyping). */
    picker?: (text: string, replace: (text: string) => void) => ComposerPicker;
  }
>(function Composer(
  { disabled, onSend, onTyping, placeholder, draft, conversation = "room", label = "Message", inputId = "chat-input", picker },
  ref,
) {
  const [text, setText] = useDrafts(conversation);
  const inputRef = useDraftFocus(conversation, ref);
  const [draftId, setDraftId] = useState<string | null>(null);
  if (draft && draft.id !== draftId) {
    setDraftId(draft.id);
    setText(draft.text);
  }
  const over = text.length > MAX_CHAT_LENGTH;
  const tooLongId = inputId === "chat-input" ? "chat-too-long" : `${inputId}-too-long`;
  const replace = (value: string) => {
    setText(value);
    onTyping(value);
  };
  const submit = () => {
    const t = text.trim();
    if (!t || over || disabled) return;
    onSend(t);
    replace("");
  };
  const extra = picker?.(text, replace);
  return (
    <form
      className="relative flex items-end gap-2 border-t border-slate-200 bg-white p-2 sm:p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {extra?.menu}
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <textarea
        id={inputId}
        ref={inputRef}
        rows={1}
        value={text}
        disabled={disabled}
        placeholder={placeholder ?? "Type a message"}
        {...extra?.input}
        aria-invalid={over}
        aria-describedby={over ? tooLongId : undefined}
        onChange={(e) => replace(e.target.value)}
        onKeyDown={(e) => {
          if (extra?.onKeyDown(e)) return;
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        className="max-h-32 min-h-10 flex-1 resize-none rounded-xl border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none disabled:bg-slate-100 max-sm:min-h-11 max-sm:text-base"
      />
      <button
        type="submit"
        disabled={disabled || !text.trim() || over}
        className="h-10 rounded-xl bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:bg-slate-300 max-sm:h-11"
      >
        Send
      </button>
      {over ? (
        <p id={tooLongId} role="alert" className="sr-only">
          Messages can be at most {MAX_CHAT_LENGTH} characters.
        </p>
      ) : null}
    </form>
  );
});
