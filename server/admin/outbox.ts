// The email outbox as the operator sees it: what was queued, whether it went, why not.
import "server-only";
import type { OperatorActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError, notFound } from "../errors";
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

/**
 * Puts a message that was not delivered (NOT_SENT: no SMTP_URL at the time; FAILED: the server
 * refused or retries ran out) back in the queue with a fresh retry schedule: the worker sends it
 * on its next pass. A message already sent, or still pending, is left alone (CONFLICT), so a
 * double click can never send it twice. Audited.
 */
export async function requeueOutboxMessage(input: { id: string; actor: OperatorActor }) {
  return db.$transaction(async (tx) => {
    const m = await tx.emailOutbox.findUnique({ where: { id: input.id }, select: { id: true, status: true, orgId: true, to: true } });
    if (!m) throw notFound("Message");
    const moved = await tx.emailOutbox.updateMany({
      where: { id: m.id, status: { in: ["NOT_SENT", "FAILED"] } },
      // Retries are scheduled from createdAt (send-outbox.ts), so the clock restarts with it.
      data: { status: "PENDING", attempts: 0, lastError: null, createdAt: new Date() },
    });
    if (moved.count === 0) {
      throw new AppError(
        "CONFLICT",
        m.status === "SENT" ? "This message was already sent." : "This message is already waiting to be sent.",
      );
    }
    await recordAudit(tx, input.actor, {
      orgId: m.orgId,
      action: "email.requeued",
      targetType: "EmailOutbox",
      targetId: m.id,
      data: { previousStatus: m.status, to: m.to },
    });
    return { id: m.id, status: "PENDING" as const };
  });
}
