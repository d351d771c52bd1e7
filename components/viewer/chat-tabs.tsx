"use client";
// The chat area's tabs: the room, and one per sidebar the viewer belongs to, with unread counts;
// plus the dialog that opens a new sidebar with chosen participants.
import { useId, useRef, useState } from "react";
import type { SidebarMemberRef } from "@/lib/session-events";

export type ChatTab = { id: string; label: string; unread: number };

export function sidebarLabel(members: SidebarMemberRef[], meId: string, title: string): string {
  if (title) return title;
  const others = members.filter((m) => m.id !== meId).map((m) => m.name);
  return others.length ? others.join(", ") : "Sidebar";
}

export function ChatTabs({
  tabs,
  active,
  onSelect,
  candidates,
  onOpen,
  busy,
  mayChooseAll = true,
}: {
  tabs: ChatTab[];
  active: string;
  onSelect: (id: string) => void;
  /** Whom the viewer may open a sidebar with; empty hides the button. */
  candidates: { id: string; name: string }[];
  /** False for people the room can see: a sidebar with all of the room would be the room. */
  mayChooseAll?: boolean;
  onOpen: (memberIds: string[]) => void;
  busy: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // The console mounts one per open session: ids must not clash.
  const titleId = useId();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  if (tabs.length < 2 && candidates.length === 0) return null;
  const everyone = !mayChooseAll && chosen.size === candidates.length;

  return (
    <div className="flex items-center gap-1 border-b border-slate-200 bg-white px-2">
      <div role="tablist" aria-label="Conversations" className="flex min-w-0 flex-1 gap-1 overflow-x-auto">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === active}
            onClick={() => onSelect(t.id)}
            className={`flex shrink-0 items-center gap-1.5 border-b-2 px-2 py-1.5 text-sm max-sm:min-h-11 ${t.id === active ? "border-brand-600 font-semibold text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            <span className="max-w-40 truncate">{t.label}</span>
            {t.unread > 0 && t.id !== active ? (
              <span className="rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold text-white">
                {t.unread}
                <span className="sr-only"> unread</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {candidates.length > 0 ? (
        <button
          type="button"
          className="shrink-0 rounded-lg px-2 py-1 text-sm text-brand-700 hover:bg-brand-50 max-sm:min-h-11"
          onClick={() => {
            setChosen(new Set());
            dialogRef.current?.showModal();
          }}
        >
          New sidebar
        </button>
      ) : null}
      <dialog ref={dialogRef} aria-labelledby={titleId} className="m-auto w-[min(24rem,92vw)] rounded-2xl p-0 backdrop:bg-slate-900/40">
        <form
          method="dialog"
          className="p-6"
          onSubmit={(e) => {
            if ((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "open" && chosen.size > 0 && !everyone)
              onOpen([...chosen]);
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold">
            New sidebar
          </h2>
          <p className="mt-1 text-sm text-slate-600">A private conversation: only the people you choose see it.</p>
          <fieldset className="mt-4 space-y-2">
            <legend className="sr-only">Participants</legend>
            {candidates.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm max-sm:min-h-11">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={chosen.has(c.id)}
                  onChange={(e) =>
                    setChosen((prev) => {
                      const next = new Set(prev);
                      if (e.target.checked) next.add(c.id);
                      else next.delete(c.id);
                      return next;
                    })
                  }
                />
                {c.name}
              </label>
            ))}
          </fieldset>
          {everyone ? (
            <p role="status" className="mt-3 text-sm text-amber-800">
              That is everyone here: write in the room instead, or leave someone out.
            </p>
          ) : null}
          <div className="mt-5 flex justify-end gap-2">
            <button value="cancel" className="rounded-lg border border-slate-300 px-4 py-2 text-sm max-sm:min-h-11">
              Cancel
            </button>
            <button
              value="open"
              disabled={chosen.size === 0 || busy || everyone}
              className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white disabled:bg-slate-300 max-sm:min-h-11"
            >
              Open sidebar
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
