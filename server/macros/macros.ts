// Macros: org-wide ones (membershipId null; writing them needs macros.write) and each member's
// personal ones. A member sees org-wide macros and their own; anyone else's personal macros answer
// NOT_FOUND, like another org's. Shortcuts are unique per scope (org-wide, or one member's).
import "server-only";
import { macroInput, type MacroItem } from "../../lib/macros";
import type { MemberActor } from "../access/actor";
import { can } from "../access/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import type { Tx } from "../tx";

/** The member acting (server/access/actor.ts) and the org they act in. */
export type MacroActor = Pick<MemberActor, "membershipId" | "role"> & { orgId: string };

const select = { id: true, kind: true, title: true, shortcut: true, body: true, membershipId: true } as const;

function toItem(m: {
  id: string;
  kind: "TEXT" | "URL";
  title: string;
  shortcut: string | null;
  body: string;
  membershipId: string | null;
}): MacroItem {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    shortcut: m.shortcut,
    body: m.body,
    scope: m.membershipId ? "personal" : "org",
  };
}

export async function listMacros(actor: MacroActor): Promise<MacroItem[]> {
  const rows = await db.macro.findMany({
    where: { orgId: actor.orgId, OR: [{ membershipId: null }, { membershipId: actor.membershipId }] },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    select,
  });
  return rows.map(toItem);
}

function mayWrite(actor: MacroActor, scope: "org" | "personal") {
  if (scope === "org" && !can(actor.role, "macros.write"))
    throw new AppError("FORBIDDEN", "Only managers and administrators can change the team's macros.");
}

/**
 * Checks the shortcut inside `tx` after locking the scope's shortcuts: a double-clicked Save or two
 * managers at once would otherwise both find it free (no unique index can express "per scope" with
 * a NULL membershipId for team macros).
 */
async function assertShortcutFree(tx: Tx, actor: MacroActor, scope: "org" | "personal", shortcut: string | null, exceptId?: string) {
  if (!shortcut) return;
  const owner = scope === "org" ? "team" : actor.membershipId;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`macro-shortcuts:${actor.orgId}:${owner}`}, 0))`;
  const clash = await tx.macro.findFirst({
    where: {
      orgId: actor.orgId,
      membershipId: scope === "org" ? null : actor.membershipId,
      shortcut,
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { title: true },
  });
  if (clash)
    throw new AppError("CONFLICT", `The shortcut /${shortcut} is already used by “${clash.title}”.`, {
      field: "shortcut",
    });
}

function parse(input: unknown) {
  const parsed = macroInput.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", first?.message ?? "Invalid macro.", {
      field: first?.path.join(".") ?? null,
    });
  }
  return parsed.data;
}

export async function createMacro(actor: MacroActor, input: { scope: "org" | "personal" } & Record<string, unknown>): Promise<MacroItem> {
  mayWrite(actor, input.scope);
  const m = parse(input);
  const row = await db.$transaction(async (tx) => {
    await assertShortcutFree(tx, actor, input.scope, m.shortcut);
    return tx.macro.create({
      data: {
        orgId: actor.orgId,
        membershipId: input.scope === "org" ? null : actor.membershipId,
        kind: m.kind,
        title: m.title,
        body: m.body,
        shortcut: m.shortcut,
      },
      select,
    });
  });
  return toItem(row);
}

async function findVisible(actor: MacroActor, id: string) {
  const row = await db.macro.findFirst({
    where: { id, orgId: actor.orgId, OR: [{ membershipId: null }, { membershipId: actor.membershipId }] },
    select,
  });
  if (!row) throw new AppError("NOT_FOUND", "Macro not found.");
  return row;
}

export async function updateMacro(actor: MacroActor, id: string, input: Record<string, unknown>): Promise<MacroItem> {
  const existing = await findVisible(actor, id);
  const scope = existing.membershipId ? "personal" : "org";
  mayWrite(actor, scope);
  const m = parse(input);
  const row = await db.$transaction(async (tx) => {
    await assertShortcutFree(tx, actor, scope, m.shortcut, id);
    return tx.macro.update({
      where: { id },
      data: { kind: m.kind, title: m.title, body: m.body, shortcut: m.shortcut },
      select,
    });
  });
  return toItem(row);
}

export async function deleteMacro(actor: MacroActor, id: string): Promise<void> {
  const existing = await findVisible(actor, id);
  mayWrite(actor, existing.membershipId ? "personal" : "org");
  await db.macro.delete({ where: { id } });
}
