// The scenario editor's domain functions. A scenario in use (sessions, queue entries, scheduled
// sessions refer to it) is archived, never deleted, so history keeps its meaning; one that was never
// used is deleted outright. A scenario a live launcher starts with can't go until the launcher moves.
import "server-only";
import { createHash } from "node:crypto";
import { normalizeLeadUrl } from "../../lib/urls";
import { checkAvatar } from "../avatars/upload";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { BatonPolicy, RoutingMode, ScenarioKind, SurveyKind, TypingPreview } from "../generated/prisma/enums";

export type ScenarioFields = {
  name: string;
  kind: ScenarioKind;
  maxSeats: number | null;
  showWho: boolean;
  showRooms: boolean;
  batonPolicy: BatonPolicy;
  requireSignIn: boolean;
  typingPreview: TypingPreview;
  preChatQuestion: string;
  askName: boolean;
  askEmail: boolean;
  /** Each: undefined keeps the stored one (an older editor knows only the agent's), null clears it. */
  avatars: { agent?: string | null; visitor?: string | null };
  banner: { text?: string; links?: { label: string; url: string }[] };
  /**
   * "This session may be monitored or recorded for quality" before and during the session.
   * undefined keeps the stored value on update and turns it on for a new scenario: every session
   * is archived and can be replayed, and managers may watch unseen, so a new scenario says so
   * unless its owner decides otherwise. Scenarios made before the notice existed stay silent
   * (the column's default) until their owner turns it on.
   */
  monitoringNotice?: boolean;
  routingMode: RoutingMode | null;
  ringTimeoutSec: number | null;
  /** undefined: keep the current code; null: no code; a string: the new code (stored hashed). */
  invitationCode?: string | null;
  /** The satisfaction survey after a session (docs/surveys.md); undefined keeps the stored one. */
  survey?: SurveyKind;
  /** The survey also offers a comment; undefined keeps the stored one. */
  surveyComment?: boolean;
};

const select = {
  id: true,
  name: true,
  kind: true,
  maxSeats: true,
  showWho: true,
  showRooms: true,
  batonPolicy: true,
  requireSignIn: true,
  invitationCodeHash: true,
  typingPreview: true,
  preChatQuestion: true,
  askName: true,
  askEmail: true,
  avatars: true,
  banner: true,
  monitoringNotice: true,
  routingMode: true,
  ringTimeoutSec: true,
  survey: true,
  surveyComment: true,
  archivedAt: true,
  createdAt: true,
  _count: { select: { launchers: { where: { archivedAt: null } }, sessions: true } },
} satisfies Prisma.ScenarioSelect;

type Row = Prisma.ScenarioGetPayload<{ select: typeof select }>;

function storedAvatars(raw: unknown): StoredAvatars {
  const a = (raw ?? {}) as { agent?: unknown; visitor?: unknown };
  return {
    ...(typeof a.agent === "string" ? { agent: a.agent } : {}),
    ...(typeof a.visitor === "string" ? { visitor: a.visitor } : {}),
  };
}

function view(r: Row) {
  const avatars = (r.avatars ?? {}) as { agent?: string; visitor?: string };
  const banner = (r.banner ?? {}) as { text?: string; links?: { label: string; url: string }[] };
  const { invitationCodeHash, _count, ...rest } = r;
  return {
    ...rest,
    hasInvitationCode: invitationCodeHash !== null,
    avatars: { agent: avatars.agent ?? null, visitor: avatars.visitor ?? null },
    banner: { text: banner.text ?? "", links: banner.links ?? [] },
    launcherCount: _count.launchers,
    sessionCount: _count.sessions,
  };
}

export async function listScenarios({ orgId }: { orgId: string }) {
  const rows = await db.scenario.findMany({
    where: { orgId },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { name: "asc" }],
    select,
  });
  return rows.map(view);
}

type StoredAvatars = { agent?: string; visitor?: string };

async function checkFields(orgId: string, f: ScenarioFields, stored: StoredAvatars = {}) {
  if (!f.name.trim()) throw new AppError("BAD_REQUEST", "Give the scenario a name.", { field: "name" });
  if (f.kind === "ONE_ON_ONE" && f.maxSeats !== null && f.maxSeats < 2) {
    throw new AppError("BAD_REQUEST", "A session needs at least 2 seats: the visitor and an agent.", {
      field: "maxSeats",
    });
  }
  if (f.survey === "OFF" && f.surveyComment)
    throw new AppError("BAD_REQUEST", "A survey comment needs a survey: choose stars or thumbs first.", { field: "surveyComment" });
  const links = (f.banner.links ?? []).map((l, i) => {
    const url = normalizeLeadUrl(l.url);
    if (!url.ok) throw new AppError("BAD_REQUEST", `Banner link ${i + 1}: ${url.error}`, { field: "banner" });
    if (!l.label.trim()) throw new AppError("BAD_REQUEST", `Banner link ${i + 1} needs a label.`, { field: "banner" });
    return { label: l.label.trim(), url: url.url };
  });
  const agent = f.avatars.agent === undefined ? stored.agent : await checkAvatar(db, orgId, f.avatars.agent, "avatars");
  const visitor = f.avatars.visitor === undefined ? stored.visitor : await checkAvatar(db, orgId, f.avatars.visitor, "avatars");
  const data = {
    name: f.name.trim(),
    kind: f.kind,
    maxSeats: f.maxSeats,
    showWho: f.showWho,
    showRooms: f.showRooms,
    batonPolicy: f.batonPolicy,
    requireSignIn: f.requireSignIn,
    typingPreview: f.typingPreview,
    preChatQuestion: f.preChatQuestion.trim(),
    askName: f.askName,
    askEmail: f.askEmail,
    avatars: { ...(agent ? { agent } : {}), ...(visitor ? { visitor } : {}) },
    banner: {
      ...(f.banner.text?.trim() ? { text: f.banner.text.trim() } : {}),
      ...(links.length ? { links } : {}),
    },
    routingMode: f.routingMode,
    ringTimeoutSec: f.ringTimeoutSec,
    ...(f.monitoringNotice === undefined ? {} : { monitoringNotice: f.monitoringNotice }),
    ...(f.survey === undefined ? {} : { survey: f.survey }),
    ...(f.surveyComment === undefined ? {} : { surveyComment: f.surveyComment }),
    ...(f.invitationCode === undefined
      ? {}
      : {
          invitationCodeHash:
            f.invitationCode === null || !f.invitationCode.trim()
              ? null
              : createHash("sha256").update(f.invitationCode.trim()).digest("hex"),
        }),
  } satisfies Prisma.ScenarioUncheckedUpdateInput;
  return data;
}

async function nameTaken(orgId: string, name: string, exceptId?: string) {
  const other = await db.scenario.findFirst({
    where: {
      orgId,
      name: { equals: name.trim(), mode: "insensitive" },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { id: true },
  });
  if (other) throw new AppError("CONFLICT", `A scenario called “${name.trim()}” already exists.`, { field: "name" });
}

export async function createScenario({ orgId, fields }: { orgId: string; fields: ScenarioFields }) {
  const data = await checkFields(orgId, fields);
  await nameTaken(orgId, data.name);
  return view(await db.scenario.create({ data: { monitoringNotice: true, ...data, orgId }, select }));
}

async function own(orgId: string, scenarioId: string) {
  const s = await db.scenario.findFirst({
    where: { id: scenarioId, orgId },
    select: { id: true, archivedAt: true, avatars: true },
  });
  if (!s) throw notFound("Scenario");
  return s;
}

export async function updateScenario({ orgId, scenarioId, fields }: { orgId: string; scenarioId: string; fields: ScenarioFields }) {
  const current = await own(orgId, scenarioId);
  const data = await checkFields(orgId, fields, storedAvatars(current.avatars));
  await nameTaken(orgId, data.name, scenarioId);
  return view(await db.scenario.update({ where: { id: scenarioId }, data, select }));
}

/** Deletes a never-used scenario, archives one with history. */
export async function removeScenario({ orgId, scenarioId }: { orgId: string; scenarioId: string }) {
  await own(orgId, scenarioId);
  return db.$transaction(async (tx) => {
    const launchers = await tx.launcher.findMany({
      where: { orgId, scenarioId, archivedAt: null },
      select: { name: true },
    });
    if (launchers.length) {
      throw new AppError("CONFLICT", `Launcher “${launchers[0]!.name}” starts with this scenario. Choose another scenario for it first.`);
    }
    const [sessions, entries, scheduled, anyLauncher] = await Promise.all([
      tx.session.count({ where: { orgId, scenarioId } }),
      tx.queueEntry.count({ where: { orgId, scenarioId } }),
      tx.scheduledSession.count({ where: { orgId, scenarioId } }),
      tx.launcher.count({ where: { orgId, scenarioId } }),
    ]);
    if (sessions + entries + scheduled + anyLauncher === 0) {
      await tx.scenario.delete({ where: { id: scenarioId } });
      return { id: scenarioId, outcome: "deleted" as const };
    }
    // Page rules naming it fall back to their launcher's scenario while it is archived (entry.ts).
    await tx.scenario.update({ where: { id: scenarioId }, data: { archivedAt: new Date() } });
    return { id: scenarioId, outcome: "archived" as const };
  });
}

export async function restoreScenario({ orgId, scenarioId }: { orgId: string; scenarioId: string }) {
  await own(orgId, scenarioId);
  await db.scenario.update({ where: { id: scenarioId }, data: { archivedAt: null } });
  return { id: scenarioId };
}

/** A live scenario of `orgId`, or NOT_FOUND (for launchers and page rules). */
export async function requireLiveScenario(tx: Prisma.TransactionClient | typeof db, orgId: string, scenarioId: string) {
  const s = await tx.scenario.findFirst({
    where: { id: scenarioId, orgId },
    select: { id: true, archivedAt: true, name: true },
  });
  if (!s) throw notFound("Scenario");
  if (s.archivedAt)
    throw new AppError("BAD_REQUEST", `Scenario “${s.name}” is archived; restore it or pick another.`, {
      field: "scenarioId",
    });
  return s;
}
