// Suspending and reactivating an organization. The operator console, a reseller (for its own
// sub-clients) and billing (payment failures) all come through here, so the audit trail and the
// rule about who may lift a suspension live in one place.
//
// What suspension does: the org's launchers show the "unavailable" page (server/launchers/entry.ts),
// the availability badge goes dark, joining and routing stop (server/entry/join.ts,
// server/routing/dispatch.ts). Sessions already running are left to finish.
//
// The org's owners and admins get a notification and an email for each change, in the same
// transaction (server/orgs/status-notice.ts).
//
// Who may lift it: whoever suspended, or anyone above them. The operator may lift any suspension;
// billing (actor "system") lifts its own; a reseller may lift only a suspension a reseller made,
// never one made by the operator or by billing. The rank in force is kept on the row
// (Organization.suspendedBy): a higher-ranked actor suspending an already suspended org raises it
// (audited, owners told), so a reseller can't lift what the operator also suspended.
//
// An operator's reactivation also sets Organization.billingHoldLiftedAt: payment failures known at
// that moment no longer suspend the org (server/billing/suspension.ts); a new failure does.
import "server-only";
import type { OperatorActor, ResellerActor, SystemActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { withTx, type Tx } from "../tx";
import { notifyReactivated, notifySuspended } from "./status-notice";

/** Who may suspend or lift a suspension; `type` is also the rank kept in Organization.suspendedBy. */
export type StatusActor = OperatorActor | ResellerActor | SystemActor;

export const SUSPEND_ACTION = "org.suspended";
export const REACTIVATE_ACTION = "org.reactivated";
export const MAX_REASON_LENGTH = 500;

const RANK: Record<StatusActor["type"], number> = { reseller: 1, system: 2, admin: 3 };

/** The audit row's and the notice's word for who acted. */
function byOf(actor: StatusActor): string {
  return actor.type === "system" ? `system:${actor.source}` : actor.type;
}

function cleanReason(reason: string): string {
  const r = reason.trim().replace(/\s+/g, " ");
  if (!r) throw new AppError("BAD_REQUEST", "Give a reason: the organization's admins will see it.");
  if (r.length > MAX_REASON_LENGTH) throw new AppError("BAD_REQUEST", `Keep the reason under ${MAX_REASON_LENGTH} characters.`);
  return r;
}

type ActorType = StatusActor["type"];
const isActorType = (t: string | null): t is ActorType => t === "admin" || t === "reseller" || t === "system";

async function lockOrg(tx: Tx, orgId: string) {
  const rows = await tx.$queryRaw<{ id: string; status: "ACTIVE" | "SUSPENDED"; suspendedBy: string | null }[]>`
    SELECT id, status::text AS status, "suspendedBy" FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
  const org = rows[0];
  if (!org) throw notFound("Organization");
  // A suspension with no recorded actor (set by hand in the database) counts as the operator's.
  const by: ActorType | null = org.status === "SUSPENDED" ? (isActorType(org.suspendedBy) ? org.suspendedBy : "admin") : null;
  return { id: org.id, status: org.status, by };
}

export type StatusChange = { orgId: string; status: "ACTIVE" | "SUSPENDED"; changed: boolean };

/** Suspends the org (idempotent: an already suspended org is left as it is, `changed: false`). */
export async function suspendOrganization(
  db: Db | Tx,
  input: { orgId: string; reason: string; actor: StatusActor; now?: Date },
): Promise<StatusChange> {
  const reason = cleanReason(input.reason);
  const now = input.now ?? new Date();
  return withTx(db, async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    // Already suspended: only a higher rank changes anything (its reason and rank then hold).
    const raises = org.by !== null && RANK[input.actor.type] > RANK[org.by];
    if (org.status === "SUSPENDED" && !raises) return { orgId: org.id, status: "SUSPENDED", changed: false };
    await tx.organization.update({
      where: { id: org.id },
      data: raises
        ? { suspendedReason: reason, suspendedBy: input.actor.type }
        : { status: "SUSPENDED", suspendedAt: now, suspendedReason: reason, suspendedBy: input.actor.type },
    });
    const by = byOf(input.actor);
    await recordAudit(tx, input.actor, {
      orgId: org.id,
      action: SUSPEND_ACTION,
      targetType: "Organization",
      targetId: org.id,
      data: raises ? { reason, by, over: org.by } : { reason, by },
      at: now,
    });
    await notifySuspended(tx, { orgId: org.id, reason, actor: input.actor, by, now });
    return { orgId: org.id, status: "SUSPENDED", changed: true };
  });
}

/** Lifts a suspension, if this actor may (see the rule above). Idempotent on an active org. */
export async function reactivateOrganization(
  db: Db | Tx,
  input: { orgId: string; actor: StatusActor; note?: string; now?: Date },
): Promise<StatusChange> {
  const now = input.now ?? new Date();
  return withTx(db, async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    if (org.status === "ACTIVE") return { orgId: org.id, status: "ACTIVE", changed: false };
    const by = org.by ?? "admin";
    if (RANK[input.actor.type] < RANK[by]) {
      throw new AppError(
        "FORBIDDEN",
        by === "system"
          ? "This organization was suspended by billing; it is reactivated when the payment succeeds, or by iSession support."
          : "This organization was suspended by iSession; contact support to reactivate it.",
        { suspendedBy: by },
      );
    }
    await tx.organization.update({
      where: { id: org.id },
      data: {
        status: "ACTIVE",
        suspendedAt: null,
        suspendedReason: null,
        suspendedBy: null,
        // The operator's word overrides billing until a new payment failure (see the header).
        ...(input.actor.type === "admin" ? { billingHoldLiftedAt: now } : {}),
      },
    });
    const note = input.note?.trim().slice(0, MAX_REASON_LENGTH) || null;
    await recordAudit(tx, input.actor, {
      orgId: org.id,
      action: REACTIVATE_ACTION,
      targetType: "Organization",
      targetId: org.id,
      data: { by: byOf(input.actor), note, suspendedBy: by },
      at: now,
    });
    await notifyReactivated(tx, { orgId: org.id, actor: input.actor, by: byOf(input.actor), now });
    return { orgId: org.id, status: "ACTIVE", changed: true };
  });
}
