type RosterMember = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  status: string;
  capacity: number;
};

const STATUS_STYLE: Record<string, string> = {
  available: "bg-emerald-100 text-emerald-800",
  away: "bg-amber-100 text-amber-800",
  on_break: "bg-amber-100 text-amber-800",
  offline: "bg-slate-100 text-slate-600",
};

function label(s: string) {
  return s.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** The org's team with each member's routing status. */
export function TeamRoster({ members, selfUserId }: { members: RosterMember[]; selfUserId: string }) {
  return (
    <section aria-labelledby="team-heading" className="mt-8">
      <h2 id="team-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Your team
      </h2>
      {members.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No one else is on this team yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white">
          {members.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-4 px-4 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium">
                  {m.name}
                  {m.userId === selfUserId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                </p>
                <p className="truncate text-xs text-slate-500">
                  {m.email} · {label(m.role.toLowerCase())}
                </p>
              </div>
              <span className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLE[m.status] ?? STATUS_STYLE.offline}`}>
                {label(m.status)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
