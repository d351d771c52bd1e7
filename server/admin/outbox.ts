// The email outbox as the operator sees it: what was queued, whether it went, why not.
import { db } from "../db";
import { notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { EmailStatus } from "../generated/prisma/enums";
import { ADMIN_PAGE_SIZE } from "./orgs";

const rowSelect = {
  id: true,
  to: true,
  subject: true,
  status: true,
  attempts: true,
  lastError: true,
  sentAt: true,
  createdAt: true,
  org: { select: { id: true, name: true } },
} as const;

export async function listOutbox(filter: { status?: EmailStatus; search?: string; cursor?: string }) {
  const q = filter.search?.trim();
  const where: Prisma.EmailOutboxWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(q ? { OR: [{ to: { contains: q, mode: "insensitive" } }, { subject: { contains: q, mode: "insensitive" } }] } : {}),
  };
  const [rows, counts] = await Promise.all([
    db.emailOutbox.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ADMIN_PAGE_SIZE + 1,
      ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
      select: rowSelect,
    }),
    db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const page = rows.slice(0, ADMIN_PAGE_SIZE);
  const byStatus = { PENDING: 0, SENT: 0, FAILED: 0, NOT_SENT: 0 };
  for (const c of counts) byStatus[c.status] = c._count._all;
  return { items: page, nextCursor: rows.length > ADMIN_PAGE_SIZE ? page[page.length - 1]!.id : null, counts: byStatus };
}

export async function getOutboxMessage(id: string) {
  const m = await db.emailOutbox.findUnique({
    where: { id },
    select: { ...rowSelect, text: true, html: true },
  });
  if (!m) throw notFound("Message");
  return m;
}
