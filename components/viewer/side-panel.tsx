"use client";
import { useState, type ReactNode } from "react";
import { Avatar } from "./avatar-strip";
import type { ViewParticipant } from "./types";

type Tab = "history" | "who" | "rooms";

/** A room one is seated in opens; others go to the confirmation (/s/{id}?join=): a room is joined visibly, anything else monitored. */
function roomHref(r: { id: string; kind: string; seated: boolean }): string {
  const path = `/s/${encodeURIComponent(r.id)}`;
  if (r.seated) return path;
  return `${path}?join=${r.kind === "COLLABORATION" ? "room" : "monitor"}`;
}

export function SidePanel({
  history,
  participants,
  rooms,
  showWho,
  showRooms,
  meId,
  leaderId,
  iLead,
  mayTake,
  ended,
  onLeadAgain,
  onPass,
  onAsk,
  onTake,
  invite,
}: {
  history: { seq: number; url: string }[];
  participants: ViewParticipant[];
  rooms: { id: string; title: string; kind: string; present: number; seated: boolean }[];
  showWho: boolean;
  showRooms: boolean;
  meId: string;
  leaderId: string | null;
  iLead: boolean;
  mayTake: boolean;
  ended: boolean;
  onLeadAgain: (url: string) => void;
  onPass: (id: string) => void;
  onAsk: () => void;
  onTake: () => void;
  /** A collaboration room's Invite, shown in the Who tab (the header has it on wider screens). */
  invite?: ReactNode;
}) {
  const tabs: { key: Tab; label: string }[] = [
    { key: "history", label: "History" },
    ...(showWho ? [{ key: "who" as const, label: "Who" }] : []),
    ...(showRooms ? [{ key: "rooms" as const, label: "Rooms" }] : []),
  ];
  const [tab, setTab] = useState<Tab>("history");
  return (
    <div className="flex h-full flex-col bg-white">
      <div role="tablist" aria-label="Session panel" className="flex border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t.key}
            role="tab"
            type="button"
            id={`tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls={`panel-${t.key}`}
            onClick={() => setTab(t.key)}
            className="flex-1 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 aria-selected:border-brand-600 aria-selected:text-slate-900 max-sm:min-h-11"
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="flex-1 overflow-y-auto p-3 text-sm">
        {tab === "history" ? (
          history.length === 0 ? (
            <p className="text-slate-500">Pages the leader takes everyone to are listed here.</p>
          ) : (
            <ul className="space-y-1">
              {history.map((h) => (
                <li key={h.seq}>
                  {iLead && !ended ? (
                    <button
                      type="button"
                      onClick={() => onLeadAgain(h.url)}
                      className="block w-full truncate rounded px-2 py-1 text-left font-mono text-xs hover:bg-slate-100 max-sm:py-3.5"
                      title={`Lead everyone to ${h.url} again`}
                    >
                      {h.url}
                    </button>
                  ) : (
                    <a
                      href={h.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="block truncate rounded px-2 py-1 font-mono text-xs hover:bg-slate-100 max-sm:py-3.5"
                    >
                      {h.url}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )
        ) : null}
        {tab === "who" ? (
          <>
            <ul className="space-y-2">
              {participants.map((p) => (
                <li key={p.id} className={`flex items-center gap-2 ${p.present ? "" : "opacity-50"}`}>
                  <Avatar p={p} size="size-7" />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">
                      {p.displayName}
                      {p.id === meId ? " (you)" : ""}
                    </span>
                    <span className="block text-xs text-slate-500">
                      {p.id === leaderId ? "Leading" : p.role.toLowerCase()}
                      {p.present ? "" : " · left"}
                    </span>
                  </span>
                  {iLead && !ended && p.present && p.id !== meId ? (
                    <button
                      type="button"
                      onClick={() => onPass(p.id)}
                      className="shrink-0 rounded-lg border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 max-sm:min-h-11 max-sm:px-3"
                    >
                      Pass the lead
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
            {invite ? <div className="mt-4">{invite}</div> : null}
            {!iLead && !ended ? (
              <div className="mt-4 flex gap-2">
                <button
                  type="button"
                  onClick={onAsk}
                  className="rounded-lg border border-slate-300 px-3 py-1.5 text-xs hover:bg-slate-50 max-sm:min-h-11"
                >
                  Ask to lead
                </button>
                {mayTake ? (
                  <button type="button" onClick={onTake} className="rounded-lg bg-slate-900 px-3 py-1.5 text-xs text-white max-sm:min-h-11">
                    Take the lead
                  </button>
                ) : null}
              </div>
            ) : null}
          </>
        ) : null}
        {tab === "rooms" ? (
          rooms.length === 0 ? (
            <p className="text-slate-500">No other open sessions.</p>
          ) : (
            <ul className="space-y-1">
              {rooms.map((r) => (
                <li key={r.id}>
                  {/* Where one has no seat, the link asks first (?join=): opening a page never seats anyone. */}
                  <a href={roomHref(r)} className="block rounded px-2 py-1 hover:bg-slate-100 max-sm:py-3">
                    {r.title} <span className="text-xs text-slate-500">· {r.present} present</span>
                    {r.seated ? null : (
                      <span className="block text-xs text-brand-700">{r.kind === "COLLABORATION" ? "Join…" : "Monitor…"}</span>
                    )}
                  </a>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
    </div>
  );
}
