"use client";
// The console's input line with macros: the chat's Composer plus a macro picker. Typing "/" at the
// start opens a filtered menu (arrow keys, Enter or Tab to pick, Esc to close); "/thanks" followed
// by Enter or a space inserts that macro. A text macro fills the input to be edited and sent; a URL
// macro leads the session there at once. Drafts, `draft` and sending are the Composer's.
import { forwardRef, useId, useState } from "react";
import { matchMacros, type MacroItem } from "@/lib/macros";
import { Composer, type ComposerPicker } from "@/components/viewer/composer";

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
  { macros, onTyping, onLead, placeholder, ...composer },
  ref,
) {
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const listId = useId();
  const inputId = useId();

  const picker = (text: string, replace: (text: string) => void): ComposerPicker => {
    // The menu is open while the input is a lone "/word" the agent has not dismissed with Esc.
    const slash = /^\/(\S*)$/.exec(text);
    const query = slash?.[1] ?? null;
    const options = query === null ? [] : matchMacros(macros, query);
    const open = query !== null && dismissed !== text && options.length > 0;
    const current = open ? options[Math.min(active, options.length - 1)] : undefined;
    const apply = (m: MacroItem) => {
      if (m.kind === "URL") {
        onLead(m.body);
        replace("");
        return;
      }
      replace(m.body);
    };
    return {
      menu: open ? (
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
      ) : null,
      input: {
        role: "combobox",
        "aria-expanded": open,
        "aria-controls": open ? listId : undefined,
        "aria-autocomplete": "list",
        "aria-activedescendant": current ? `${listId}-${options.indexOf(current)}` : undefined,
      },
      onKeyDown: (e) => {
        if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
          e.preventDefault();
          const n = options.length;
          setActive((a) => (Math.min(a, n - 1) + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
          return true;
        }
        if (open && e.key === "Escape") {
          e.preventDefault();
          setDismissed(text);
          return true;
        }
        if (open && current && (e.key === "Tab" || (e.key === "Enter" && !e.shiftKey))) {
          e.preventDefault();
          apply(current);
          return true;
        }
        // "/thanks" + space: the shortcut expands in place even with the menu closed.
        if (e.key === " " && query) {
          const exact = matchMacros(macros, query).find((m) => m.shortcut === query.toLowerCase());
          if (exact) {
            e.preventDefault();
            apply(exact);
            return true;
          }
        }
        return false;
      },
    };
  };

  return (
    <Composer
      ref={ref}
      {...composer}
      label="Message (type / for macros)"
      inputId={inputId}
      placeholder={placeholder ?? "Type a message, or / for macros"}
      // Every change of the text, typed or picked, starts the menu at its first option; a "/word"
      // being typed is a command, not a message, so the room sees no typing notice for it.
      onTyping={(value) => {
        setActive(0);
        onTyping(value.startsWith("/") ? "" : value);
      }}
      picker={picker}
    />
  );
});
