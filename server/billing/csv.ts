// A statement as CSV, for the dashboard's download: one row per line, then the total; integer cents
// so spreadsheets never round. Only a member with billing.read of the statement's org gets it.
import "server-only";
import { can } from "../access/permissions";
import { db } from "../db";
import { notFound } from "../errors";
import { orgStatement } from "./overview";
import { periodLabel } from "./periods";

export { csvField, toCsv } from "../../lib/csv";
import { toCsv } from "../../lib/csv";

export async function statementCsvForUser(userId: string, statementId: string): Promise<{ filename: string; csv: string }> {
  const orgId = (await db.statement.findUnique({ where: { id: statementId }, select: { orgId: true } }))?.orgId;
  const member = orgId
    ? await db.membership.findFirst({ where: { orgId, userId, active: true }, select: { role: true, org: { select: { slug: true } } } })
    : null;
  // A stranger, a missing statement and a role without billing.read all look the same.
  if (!orgId || !member || !can(member.role, "billing.read")) throw notFound("Statement");
  const st = await orgStatement(orgId, statementId);
  const period = periodLabel(st.periodStart);
  const rows: (string | number | null)[][] = [
    ["period", "status", "description", "kind", "quantity", "unit_price_cents", "amount_cents", "currency"],
  ];
  for (const l of st.lines) rows.push([period, st.status, l.description, l.kind, l.quantity, l.unitPriceCents, l.amountCents, st.currency]);
  rows.push([period, st.status, "Total", null, null, null, st.totalCents, st.currency]);
  return { filename: `isession-${member.org.slug}-statement-${period}.csv`, csv: toCsv(rows) };
}
