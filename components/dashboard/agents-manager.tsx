"use client";
// The org's people: roles, capacity, deactivation, and invitations by email.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextInput } from "@/components/ui/fields";
import { MEMBER_ROLES } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";
import type { MemberRole } from "@/server/generated/prisma/enums";
import { QueryState, roleLabel } from "./ui";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { useNotice } from "@/components/ui/use-notice";

type Role = MemberRole;
const ROLES: readonly Role[] = MEMBER_ROLES;

export function AgentsManager({ orgId, selfMembershipId, selfRole }: { orgId: string; selfMembershipId: string; selfRole: Role }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const members = useQuery(trpc.org.members.queryOptions({ orgId }));
  const invitations = useQuery(trpc.members.invitations.queryOptions({ orgId }));
  const { notice: message, ok: say, failed, clear } = useNotice();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const [capacity, setCapacity] = useState<Record<string, string>>({});
  const roles = selfRole === "OWNER" ? ROLES : ROLES.filter((r) => r !== "OWNER");

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.org.members.queryKey({ orgId }) });
    void qc.invalidateQueries({ queryKey: trpc.members.invitations.queryKey({ orgId }) });
  };
  const fail = (e: unknown) => {
    failed(e);
    refresh();
  };
  const ok = (text: string) => () => {
    say(text);
    refresh();
  };
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (inv) => {
        setEmail("");
        ok(`Invitation sent to ${inv.email}.`)();
      },
      onError: fail,
    }),
  );
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: ok("Role changed."), onError: fail }));
  const setActive = useMutation(
    trpc.members.setActive.mutationOptions({
      onSuccess: (r) =>
        ok(r.active ? "Member reactivated." : "Member deactivated: they can no longer sign in to this organization or take chats.")(),
      onError: fail,
    }),
  );
  const setCap = useMutation(trpc.members.setCapacity.mutationOptions({ onSuccess: ok("Capacity saved."), onError: fail }));
  const resend = useMutation(
    trpc.members.resendInvitation.mutationOptions({
      onSuccess: (inv) => ok(`A new link was sent to ${inv.email}.`)(),
      onError: fail,
    }),
  );
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: ok("Invitation revoked."), onError: fail }));

  function onInvite(e: FormEvent) {
    e.preventDefault();
    clear();
    invite.mutate({ orgId, email: email.trim(), role });
  }

  return (
    <>
      <PageHeader title="Agents" description="Everyone in your organization, what they may do, and how many chats they take at once." />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      </div>
      <div className="space-y-5">
        <Card title="Invite someone" id="invite">
          <form onSubmit={onInvite} noValidate className="grid items-end gap-3 sm:grid-cols-[1fr_12rem_auto]">
            <TextInput
              id="invite-email"
              type="email"
              label="Email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoComplete="off"
              required
            />
            <Select id="invite-role" label="Role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </Select>
            <Button type="submit" disabled={invite.isPending || !email.trim()}>
              {invite.isPending ? "Sending…" : "Send invitation"}
            </Button>
          </form>
        </Card>

        <Card title="Pending invitations" id="pending">
          <QueryState query={invitations} isEmpty={invitations.data?.length === 0} empty="No pending invitations.">
            <ul className="divide-y divide-slate-200">
              {invitations.data?.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                  <div className="min-w-0">
                    <p className="truncate text-sm font-medium">{inv.email}</p>
                    <p className="text-xs text-slate-500">
                      {roleLabel(inv.role)} ·{" "}
                      {inv.expired ? <span className="text-amber-700">expired</span> : `expires ${inv.expiresAt.toLocaleDateString()}`}
                      {inv.invitedBy ? ` · invited by ${inv.invitedBy}` : ""}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <Button
                      variant="secondary"
                      onClick={() => resend.mutate({ orgId, invitationId: inv.id })}
                      aria-label={`Resend invitation to ${inv.email}`}
                    >
                      Resend
                    </Button>
                    <Button
                      variant="ghost"
                      onClick={() => revoke.mutate({ orgId, invitationId: inv.id })}
                      aria-label={`Revoke invitation to ${inv.email}`}
                    >
                      Revoke
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          </QueryState>
        </Card>

        <Card title="Members" id="members">
          <QueryState query={members} isEmpty={members.data?.length === 0} empty="No members.">
            <ul className="divide-y divide-slate-200">
              {members.data?.map((m) => {
                const self = m.id === selfMembershipId;
                const ownerLocked = m.role === "OWNER" && selfRole !== "OWNER";
                const cap = capacity[m.id] ?? String(m.capacity);
                return (
                  <li
                    key={m.id}
                    className={`grid grid-cols-2 items-end gap-3 py-3 md:grid-cols-[minmax(0,1fr)_9rem_10rem_7rem] ${m.active ? "" : "opacity-70"}`}
                    data-member={m.email}
                  >
                    <div className="col-span-2 min-w-0 md:col-span-1 md:pb-2">
                      <p className="truncate text-sm font-medium">
                        {m.name} {self ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
                      </p>
                      <p className="truncate text-xs text-slate-500">
                        {m.email} · {m.active ? m.status.replace("_", " ") : <span className="text-amber-700">deactivated</span>}
                      </p>
                    </div>
                    <Select
                      id={`role-${m.id}`}
                      label="Role"
                      value={m.role}
                      disabled={ownerLocked || changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ orgId, membershipId: m.id, role: e.currentTarget.value as Role })}
                    >
                      {(ownerLocked ? ROLES : roles).map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </Select>
                    <form
                      className="flex items-end gap-2"
                      onSubmit={(e) => {
                        e.preventDefault();
                        setCap.mutate({ orgId, membershipId: m.id, capacity: Number(cap) });
                      }}
                    >
                      <TextInput
                        id={`cap-${m.id}`}
                        label="Capacity"
                        inputMode="numeric"
                        value={cap}
                        onChange={(e) => setCapacity((c) => ({ ...c, [m.id]: e.currentTarget.value }))}
                        className="w-16"
                      />
                      <Button
                        type="submit"
                        variant="secondary"
                        disabled={cap === String(m.capacity)}
                        aria-label={`Save capacity for ${m.name}`}
                      >
                        Save
                      </Button>
                    </form>
                    {self ? (
                      <span className="col-span-2 pb-2.5 text-xs text-slate-400 md:col-span-1">That&apos;s you</span>
                    ) : (
                      <Button
                        variant={m.active ? "ghost" : "secondary"}
                        className="col-span-2 justify-self-start disabled:opacity-50 md:col-span-1 md:justify-self-stretch"
                        disabled={ownerLocked || setActive.isPending}
                        onClick={() => setActive.mutate({ orgId, membershipId: m.id, active: !m.active })}
                        aria-label={`${m.active ? "Deactivate" : "Reactivate"} ${m.name}`}
                      >
                        {m.active ? "Deactivate" : "Reactivate"}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          </QueryState>
        </Card>
      </div>
    </>
  );
}
