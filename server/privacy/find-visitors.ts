// The privacy page's search: visitors of one org by email, name (part of it), visitor id or cookie id.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";

export const FIND_LIMIT = 20;

export type FoundVisitor = {
  id: string;
  name: string | null;
  email: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  sessions: number;
  queueEntries: number;
  /** Erased on request or aged out: nothing personal is left to export or erase. */
  erased: boolean;
};

export async function findVisitors(input: { orgId: string; query: string }): Promise<FoundVisitor[]> {
  const q = input.query.trim();
  if (q.length < 2)
    throw new AppError("BAD_REQUEST", "Type at least 2 characters of a name, an email, a visitor id or a cookie id.", { field: "query" });
  const rows = await db.visitor.findMany({
    where: {
      orgId: input.orgId,
      OR: [
        { id: q },
        { cookieId: q },
        { email: { equals: q, mode: "insensitive" } },
        ...(q.length >= 3
          ? [{ email: { contains: q, mode: "insensitive" as const } }, { name: { contains: q, mode: "insensitive" as const } }]
          : []),
      ],
    },
    orderBy: { lastSeenAt: "desc" },
    take: FIND_LIMIT,
    select: {
      id: true,
      name: true,
      email: true,
      firstSeenAt: true,
      lastSeenAt: true,
      cookieId: true,
      _count: { select: { participants: true, queueEntries: true } },
    },
  });
  return rows.map((v) => ({
    id: v.id,
    name: v.name,
    email: v.email,
    firstSeenAt: v.firstSeenAt,
    lastSeenAt: v.lastSeenAt,
    sessions: v._count.participants,
    queueEntries: v._count.queueEntries,
    erased: v.cookieId.startsWith("erased:"),
  }));
}
