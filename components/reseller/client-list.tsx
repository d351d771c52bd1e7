// The reseller's sub-clients with this month's figures. A list of cards that reflows from one
// column on a phone to a row per client on a wide screen.
import Link from "next/link";
import { formatCount, planName, ORG_STATUS } from "@/components/console/bits";
import { StatusBadge } from "@/components/ui/status-badge";

export type ClientRow = {
  id: string;
  name: string;
  status: "ACTIVE" | "SUSPENDED";
  plan: "PER_MINUTE" | "PER_HIT";
  agents: number;
  suspendedReason: string | null;
  pendingInvitation: { email: string; expired: boolean } | null;
  usage: { visitorMinutes: number; sessionHits: number; sessions: number };
};

export function ClientList({ clients }: { clients: ClientRow[] }) {
  return (
    <ul aria-label="Sub-clients" className="divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white">
      {clients.map((c) => (
        <li key={c.id} className="grid gap-3 p-4 sm:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,1fr))] sm:items-center">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/reseller/clients/${c.id}`} className="truncate font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {c.name}
              </Link>
              <StatusBadge dot {...ORG_STATUS[c.status]} />
            </div>
            <p className="mt-0.5 text-xs text-slate-500">{planName(c.plan)}</p>
            {c.pendingInvitation ? (
              <p className="mt-0.5 text-xs break-words text-slate-500">
                Invitation {c.pendingInvitation.expired ? "expired" : "pending"} for {c.pendingInvitation.email}
              </p>
            ) : null}
            {c.status === "SUSPENDED" && c.suspendedReason ? (
              <p className="mt-0.5 text-xs break-words text-red-700">Suspended: {c.suspendedReason}</p>
            ) : null}
          </div>
          <Figure label="Visitor minutes" value={c.usage.visitorMinutes} />
          <Figure label="Session hits" value={c.usage.sessionHits} />
          <Figure label="Sessions" value={c.usage.sessions} />
          <Figure label="Agents" value={c.agents} />
        </li>
      ))}
    </ul>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <p className="flex items-baseline justify-between gap-2 text-sm sm:block sm:text-right">
      <span className="text-xs text-slate-500 sm:block">{label}</span>
      <span className="font-semibold tabular-nums">{formatCount(value)}</span>
    </p>
  );
}
