// Which visitor a privacy request means: by visitor id, by email, or by the browser's cookie id. One
// email may match several Visitor rows of an org (one per browser); a request covers them all.
import "server-only";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";

export const IDENTIFIER_KINDS = ["visitorId", "email", "cookieId"] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];
export type VisitorIdentifier = { kind: IdentifierKind; value: string };

const KIND_LABEL: Record<IdentifierKind, string> = { visitorId: "visitor id", email: "email address", cookieId: "cookie id" };

/** The identifier as stored, or a BAD_REQUEST saying what is wrong with it. */
export function normaliseIdentifier(input: VisitorIdentifier): VisitorIdentifier {
  const value = input.value.trim();
  if (!value) throw new AppError("BAD_REQUEST", `Enter the visitor's ${KIND_LABEL[input.kind]}.`, { field: "value" });
  if (input.kind === "email") {
    if (value.length > 320 || !z.email().safeParse(value).success)
      throw new AppError("BAD_REQUEST", `“${value.slice(0, 80)}” is not an email address.`, { field: "value" });
    return { kind: "email", value: value.toLowerCase() };
  }
  if (value.length > 128 || !/^[A-Za-z0-9_-]+$/.test(value))
    throw new AppError("BAD_REQUEST", `A ${KIND_LABEL[input.kind]} is letters, digits, - and _ only.`, { field: "value" });
  return { kind: input.kind, value };
}

export type MatchedVisitor = {
  id: string;
  name: string | null;
  email: string | null;
  notes: string;
  cookieId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
};

/** The org's visitors the identifier names (at least one), or NOT_FOUND: another org's visitor is not found either. */
export async function visitorsFor(
  orgId: string,
  identifier: VisitorIdentifier,
): Promise<{ identifier: VisitorIdentifier; visitors: MatchedVisitor[] }> {
  const id = normaliseIdentifier(identifier);
  const select = { id: true, name: true, email: true, notes: true, cookieId: true, firstSeenAt: true, lastSeenAt: true } as const;
  const visitors =
    id.kind === "visitorId"
      ? await db.visitor.findMany({ where: { orgId, id: id.value }, select })
      : id.kind === "cookieId"
        ? await db.visitor.findMany({ where: { orgId, cookieId: id.value }, select })
        : await db.visitor.findMany({
            where: { orgId, email: { equals: id.value, mode: "insensitive" } },
            select,
            orderBy: { firstSeenAt: "asc" },
          });
  if (visitors.length === 0) throw new AppError("NOT_FOUND", `No visitor of this organization has that ${KIND_LABEL[id.kind]}.`);
  return { identifier: id, visitors };
}
