"use client";
import { forwardRef, useState } from "react";
import { MAX_CHAT_LENGTH } from "@/lib/session-events";
import { useDrafts } from "./use-drafts";

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
  }
>(function Composer({ disabled, onSend, onTyping, placeholder, draft, conversation = "room" }, ref) {
  const [text, setText] = useDrafts(conversation);
  const [draftId, setDraftId] = useState<string | null>(null);
  if (draft && draft.id !== draftId) {
    setDraftId(draft.id);
    setText(draft.text);
  }
  const over = text.length > MAX_CHAT_LENGTH;
  const submit = () => {
    const t = text.trim();
    if (!t || over || disabled) return;
    onSend(t);
    setText("");
    onTyping("");
  };
  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-2 sm:p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="chat-input" className="sr-only">
        Message
      </label>
      <textarea
        id="chat-input"
        ref={ref}
        rows={1}
        value={text}
        disabled={disabled}
        placeholder={placeholder ?? "Type a message"}
        aria-invalid={over}
        aria-describedby={over ? "chat-too-long" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onTyping(e.target.value);
        }}
        onKeyDown={(e) => {
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
        className="h-10 rounded-xl bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-300 max-sm:h-11"
      >
        Send
      </button>
      {over ? (
        <p id="chat-too-long" role="alert" className="sr-only">
          Messages can be at most {MAX_CHAT_LENGTH} characters.
        </p>
      ) : null}
    </form>
  );
});
