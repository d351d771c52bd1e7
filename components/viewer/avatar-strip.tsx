import type { Typing, ViewParticipant } from "./types";

const COLORS = ["bg-sky-600", "bg-violet-600", "bg-emerald-600", "bg-amber-600", "bg-rose-600", "bg-teal-600"];

function initials(name: string) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join("") || "?"
  );
}

export function Avatar({ p, size = "size-9" }: { p: Pick<ViewParticipant, "id" | "displayName" | "avatarUrl">; size?: string }) {
  const color = COLORS[[...p.id].reduce((n, c) => n + c.charCodeAt(0), 0) % COLORS.length];
  // eslint-disable-next-line @next/next/no-img-element -- avatars come from the org's own gallery or uploads, any host
  if (p.avatarUrl) return <img src={p.avatarUrl} alt="" className={`${size} rounded-full object-cover`} />;
  return (
    <span aria-hidden className={`${size} grid place-items-center rounded-full text-xs font-semibold text-white ${color}`}>
      {initials(p.displayName)}
    </span>
  );
}

/** Who is here, who leads, who is typing. */
export function AvatarStrip({
  participants,
  leaderId,
  typing,
  meId,
  onlineIds,
}: {
  participants: ViewParticipant[];
  leaderId: string | null;
  typing: Record<string, Typing>;
  meId: string;
  onlineIds: Set<string> | null;
}) {
  const present = participants.filter((p) => p.present);
  return (
    <ul aria-label="Participants" className="flex gap-3 overflow-x-auto border-b border-slate-200 bg-white px-3 py-2">
      {present.map((p) => {
        const leads = p.id === leaderId;
        return (
          <li
            key={p.id}
            className="flex shrink-0 items-center gap-2"
            aria-label={`${p.displayName}${p.id === meId ? " (you)" : ""}${leads ? ", leading" : ""}${typing[p.id] ? ", typing" : ""}`}
          >
            <span className="relative">
              <Avatar p={p} />
              {/* Unseen staff are not in presence, so they cannot tell who is online: no dot then. */}
              {onlineIds || p.id === meId ? (
                <span
                  aria-hidden
                  className={`absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-white ${onlineIds?.has(p.id) || p.id === meId ? "bg-emerald-500" : "bg-slate-300"}`}
                />
              ) : null}
            </span>
            <span className="text-sm leading-tight">
              <span className="block font-medium">
                {p.displayName}
                {p.id === meId ? <span className="font-normal text-slate-500"> (you)</span> : null}
              </span>
              <span className="block text-xs text-slate-500">
                {leads ? <span className="font-semibold text-brand-700">Leading</span> : p.role.toLowerCase()}
                {typing[p.id] && p.id !== meId ? " · typing…" : ""}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
