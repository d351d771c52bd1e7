// GET /usage (the usage report: server/reports/usage/report.ts) and GET /statements (the billing
// page's read model: server/billing/overview.ts).
import "server-only";
import { z } from "zod";
import { orgBillingOverview } from "../../billing/overview";
import { usageReport } from "../../reports/usage/report";
import { defineRoute } from "../route";
import { dayRange, dayRangeQuery, iso, isoOrNull, noQuery, timestamp } from "../schemas";

const countRow = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  visitorMinutes: z.number(),
});

export const getUsage = defineRoute({
  method: "GET",
  path: "/usage",
  operationId: "getUsage",
  tag: "Usage and billing",
  summary: "Usage over a range of days",
  description:
    "Sessions, handle and visitor minutes per agent, launcher and scenario, from the report roll-ups (refreshed every few minutes). Days are the organization's; at most 366.",
  scope: "read",
  query: z.strictObject(dayRangeQuery),
  response: z.object({
    range: z.object({ from: z.string(), to: z.string(), timeZone: z.string(), days: z.number().int() }),
    totals: z.object({ sessions: z.number().int(), visitorMinutes: z.number(), handleMinutes: z.number() }),
    agents: z.array(
      z.object({
        id: z.string().describe("Member id."),
        name: z.string(),
        sessions: z.number().int(),
        handleMinutes: z.number(),
        avgHandleMinutes: z.number().nullable(),
        visitorMinutes: z.number(),
        avgFirstReplySeconds: z.number().nullable(),
        peakSessions: z.number().int(),
      }),
    ),
    launchers: z.array(countRow),
    scenarios: z.array(countRow),
  }),
  async handle({ caller, query, now }) {
    const r = await usageReport({ orgId: caller.orgId, range: dayRange(query, caller.timeZone, now) });
    return {
      range: { from: r.range.fromDay, to: r.range.toDay, timeZone: r.range.timeZone, days: r.range.days },
      totals: r.totals,
      agents: r.agents.map(({ membershipId, ...a }) => ({ id: membershipId, ...a })),
      launchers: r.launchers,
      scenarios: r.scenarios,
    };
  },
});

const statementLine = z.object({
  kind: z.string().nullable().describe("What is counted (VISITOR_MINUTE, SESSION, ...); null for a manual line."),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
});

export const listStatements = defineRoute({
  method: "GET",
  path: "/statements",
  operationId: "listStatements",
  tag: "Usage and billing",
  summary: "The current period and past statements",
  description:
    "`current` is the month so far, priced on the organization's plan; `statements` are the closed months, newest first (at most 24). Amounts in cents.",
  scope: "read",
  query: noQuery,
  response: z.object({
    plan: z.object({
      id: z.string(),
      name: z.string(),
      unitLabel: z.string(),
      unitPriceCents: z.number().int(),
    }),
    current: z.object({
      periodStart: timestamp,
      periodEnd: timestamp,
      currency: z.string(),
      totalCents: z.number().int(),
      lines: z.array(statementLine),
    }),
    statements: z.array(
      z.object({
        id: z.string(),
        periodStart: timestamp,
        periodEnd: timestamp,
        status: z.string(),
        currency: z.string(),
        totalCents: z.number().int(),
        finalizedAt: timestamp.nullable(),
        lines: z.array(statementLine),
      }),
    ),
  }),
  async handle({ caller, now }) {
    const o = await orgBillingOverview(caller.orgId, now);
    return {
      plan: {
        id: o.plan.id,
        name: o.plan.name,
        unitLabel: o.plan.unitLabel,
        unitPriceCents: o.plan.unitPriceCents,
      },
      current: { ...o.current, periodStart: iso(o.current.periodStart), periodEnd: iso(o.current.periodEnd) },
      statements: o.statements.map((s) => ({
        ...s,
        periodStart: iso(s.periodStart),
        periodEnd: iso(s.periodEnd),
        finalizedAt: isoOrNull(s.finalizedAt),
      })),
    };
  },
});
