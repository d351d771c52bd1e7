"use client";
// The console's input line with macros: typing "/" at the start opens a filtered menu (arrow keys,
// Enter or Tab to pick, Esc to close); "/thanks" followed by Enter or a space inserts that macro.
// A text macro fills the input to be edited and sent; a URL macro leads the session there at once.
// Like the viewer's Composer: one draft per conversation, and `draft` (a used prompt) fills it.
import { forwardRef, useId, useMemo, useState } from "react";
import { matchMacros, type MacroItem } from "@/lib/macros";
import { MAX_CHAT_LENGTH } from "@/lib/session-events";
import { useDrafts } from "@/components/viewer/use-drafts";

type Props = {
  disabled: boolean;
  macros: MacroItem[];
  onSend: (text: string) => void;
  onTyping: (text: string) => void;
  onLead: (url: string) => void;
  placeholder?: string;
  draft?: { id: string; text: string } | null;
  conversation?: string;
};

export const MacroComposer = forwardRef<HTMLTextAreaElement, Props>(function MacroComposer(
  { disabled, macros, onSend, onTyping, onLead, placeholder, draft, conversation = "room" },
  ref,
) {
  const [text, setText] = useDrafts(conversation);
  const [draftId, setDraftId] = useState<string | null>(null);
  if (draft && draft.id !== draftId) {
    setDraftId(draft.id);
    setText(draft.text);
  }
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const listId = useId();
  const inputId = useId();
  const over = text.length > MAX_CHAT_LENGTH;

  // The menu is open while the input is a lone "/word" the agent has not dismissed with Esc.
  const slash = /^\/(\S*)$/.exec(text);
  const query = slash?.[1] ?? null;
  const options = useMemo(() => (query === null ? [] : matchMacros(macros, query)), [macros, query]);
  const open = query !== null && dismissed !== text && options.length > 0;
  const current = open ? options[Math.min(active, options.length - 1)] : undefined;

  const update = (value: string) => {
    setText(value);
    setActive(0);
    onTyping(value.startsWith("/") ? "" : value);
  };
  const apply = (m: MacroItem) => {
    if (m.kind === "URL") {
      onLead(m.body);
      update("");
      return;
    }
    update(m.body);
  };
  const submit = () => {
    const t = text.trim();
    if (!t || over || disabled) return;
    onSend(t);
    update("");
  };

  return (
    <form
      className="relative flex items-end gap-2 border-t border-slate-200 bg-white p-2 sm:p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Macros"
          className="absolute inset-x-2 bottom-full mb-1 max-h-64 overflow-y-auto rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
        >
          {options.map((m, i) => (
            <li
              key={m.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={m === current}
              onMouseDown={(e) => {
                e.preventDefault();
                apply(m);
              }}
              className="flex cursor-pointer items-baseline gap-2 rounded-lg px-2 py-1.5 text-sm aria-selected:bg-brand-50"
            >
              <span className="font-medium">{m.title}</span>
              {m.shortcut ? <span className="font-mono text-xs text-slate-500">/{m.shortcut}</span> : null}
              <span className="ml-auto min-w-0 truncate text-xs text-slate-500">
                {m.kind === "URL" ? "Lead to " : ""}
                {m.body}
              </span>
              {m.scope === "personal" ? <span className="rounded bg-slate-100 px-1 text-[10px] text-slate-500 uppercase">mine</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={inputId} className="sr-only">
        Message (type / for macros)
      </label>
      <textarea
        id={inputId}
        ref={ref}
        rows={1}
        value={text}
        disabled={disabled}
        placeholder={placeholder ?? "Type a message, or / for macros"}
        role="combobox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${listId}-${options.indexOf(current)}` : undefined}
        aria-invalid={over}
        onChange={(e) => update(e.target.value)}
        onKeyDown={(e) => {
          if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            const n = options.length;
            setActive((a) => (Math.min(a, n - 1) + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
            return;
          }
          if (open && e.key === "Escape") {
            e.preventDefault();
            setDismissed(text);
            return;
          }
          if (open && current && (e.key === "Tab" || (e.key === "Enter" && !e.shiftKey))) {
            e.preventDefault();
            apply(current);
            return;
          }
          // "/thanks" + space: the shortcut expands in place even with the menu closed.
          if (e.key === " " && query) {
            const exact = matchMacros(macros, query).find((m) => m.shortcut === query.toLowerCase());
            if (exact) {
              e.preventDefault();
              apply(exact);
              return;
            }
          }
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        className="max-h-32 min-h-10 flex-1 resize-none rounded-xl border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none disabled:bg-slate-100"
      />
      <button
        type="submit"
        disabled={disabled || !text.trim() || over}
        className="h-10 rounded-xl bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:bg-slate-300"
      >
        Send
      </button>
      {over ? (
        <p role="alert" className="sr-only">
          Messages can be at most {MAX_CHAT_LENGTH} characters.
        </p>
      ) : null}
    </form>
  );
});
