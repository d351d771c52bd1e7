// Launchers in the dashboard: create, edit, archive (never delete: links in the wild keep answering
// "closed" instead of 404), and their ordered page rules "URL pattern -> scenario and/or avatar".
import "server-only";
import { checkAvatar } from "../avatars/upload";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { newLauncherKey } from "../orgs/create-org";
import { requireLiveScenario } from "../scenarios/manage";
import { pagePatternError } from "./page-rules";

export const MAX_PAGE_RULES = 50;

export type LauncherFields = {
  name: string;
  scenarioId: string;
  buttonLabel: string;
  allowDirectVisits: boolean;
  avatarUrl: string | null;
};

export type PageRuleInput = { urlPattern: string; scenarioId: string | null; avatarUrl: string | null };

const select = {
  id: true,
  key: true,
  name: true,
  scenarioId: true,
  buttonLabel: true,
  allowDirectVisits: true,
  avatarUrl: true,
  archivedAt: true,
  createdAt: true,
  pageRules: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, urlPattern: true, scenarioId: true, avatarUrl: true },
  },
} as const;

export async function listLaunchers({ orgId }: { orgId: string }) {
  return db.launcher.findMany({
    where: { orgId },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { name: "asc" }],
    select,
  });
}

async function checkFields(orgId: string, f: LauncherFields) {
  if (!f.name.trim()) throw new AppError("BAD_REQUEST", "Give the launcher a name.", { field: "name" });
  if (!f.buttonLabel.trim()) throw new AppError("BAD_REQUEST", "The button needs a label.", { field: "buttonLabel" });
  await requireLiveScenario(db, orgId, f.scenarioId);
  const avatarUrl = await checkAvatar(db, orgId, f.avatarUrl, "avatarUrl");
  return {
    name: f.name.trim(),
    scenarioId: f.scenarioId,
    buttonLabel: f.buttonLabel.trim(),
    allowDirectVisits: f.allowDirectVisits,
    avatarUrl: avatarUrl ?? null,
  };
}

export async function createLauncher({ orgId, fields }: { orgId: string; fields: LauncherFields }) {
  const data = await checkFields(orgId, fields);
  return db.launcher.create({ data: { ...data, orgId, key: newLauncherKey() }, select });
}

async function own(orgId: string, launcherId: string) {
  const l = await db.launcher.findFirst({ where: { id: launcherId, orgId }, select: { id: true } });
  if (!l) throw notFound("Launcher");
}

export async function updateLauncher({ orgId, launcherId, fields }: { orgId: string; launcherId: string; fields: LauncherFields }) {
  await own(orgId, launcherId);
  const data = await checkFields(orgId, fields);
  return db.launcher.update({ where: { id: launcherId }, data, select });
}

export async function setLauncherArchived({ orgId, launcherId, archived }: { orgId: string; launcherId: string; archived: boolean }) {
  await own(orgId, launcherId);
  return db.launcher.update({
    where: { id: launcherId },
    data: { archivedAt: archived ? new Date() : null },
    select,
  });
}

/** Replaces the launcher's rules with `rules`, in this order; all are checked before any is written. */
export async function setPageRules({ orgId, launcherId, rules }: { orgId: string; launcherId: string; rules: PageRuleInput[] }) {
  await own(orgId, launcherId);
  if (rules.length > MAX_PAGE_RULES) throw new AppError("BAD_REQUEST", `Keep to ${MAX_PAGE_RULES} page rules.`);
  const checked: {
    orgId: string;
    launcherId: string;
    position: number;
    urlPattern: string;
    scenarioId: string | null;
    avatarUrl: string | null;
  }[] = [];
  for (const [i, r] of rules.entries()) {
    const problem = pagePatternError(r.urlPattern);
    if (problem) throw new AppError("BAD_REQUEST", `Rule ${i + 1}: ${problem}`, { field: "pageRules", index: i });
    if (!r.scenarioId && !r.avatarUrl) {
      throw new AppError("BAD_REQUEST", `Rule ${i + 1}: choose a scenario, an avatar, or both.`, {
        field: "pageRules",
        index: i,
      });
    }
    if (r.scenarioId) await requireLiveScenario(db, orgId, r.scenarioId);
    const avatarUrl = await checkAvatar(db, orgId, r.avatarUrl, "pageRules");
    checked.push({
      orgId,
      launcherId,
      position: i,
      urlPattern: r.urlPattern.trim(),
      scenarioId: r.scenarioId,
      avatarUrl: avatarUrl ?? null,
    });
  }
  return db.$transaction(async (tx) => {
    await tx.launcherPageRule.deleteMany({ where: { orgId, launcherId } });
    if (checked.length) await tx.launcherPageRule.createMany({ data: checked });
    return tx.launcher.findUniqueOrThrow({ where: { id: launcherId }, select });
  });
}
