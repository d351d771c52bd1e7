-- CreateEnum
CREATE TYPE "StripeInvoiceStatus" AS ENUM ('OPEN', 'PAYMENT_FAILED', 'PAID', 'VOID');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "billingHoldLiftedAt" TIMESTAMPTZ(3),
ADD COLUMN     "suspendedBy" TEXT;

-- CreateTable
CREATE TABLE "StripeInvoice" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "status" "StripeInvoiceStatus" NOT NULL DEFAULT 'OPEN',
    "paymentFailedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StripeInvoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StripeInvoice_statementId_idx" ON "StripeInvoice"("statementId");

-- CreateIndex
CREATE INDEX "StripeInvoice_orgId_status_idx" ON "StripeInvoice"("orgId", "status");

-- AddForeignKey
ALTER TABLE "StripeInvoice" ADD CONSTRAINT "StripeInvoice_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StripeInvoice" ADD CONSTRAINT "StripeInvoice_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the invoice each statement already knew, with the statement's payment status.
INSERT INTO "StripeInvoice" ("id", "orgId", "statementId", "status", "paymentFailedAt", "createdAt", "updatedAt")
SELECT "stripeInvoiceId", "orgId", "id",
       (CASE "status" WHEN 'PAID' THEN 'PAID' WHEN 'PAYMENT_FAILED' THEN 'PAYMENT_FAILED' ELSE 'OPEN' END)::"StripeInvoiceStatus",
       "paymentFailedAt", now(), now()
FROM "Statement" WHERE "stripeInvoiceId" IS NOT NULL;

-- Backfill: who holds each current suspension, from its latest audit entry (none: the operator).
UPDATE "Organization" o SET "suspendedBy" = COALESCE((
  SELECT a."actorType" FROM "AuditLog" a
  WHERE a."orgId" = o."id" AND a."action" = 'org.suspended' AND a."actorType" IN ('admin', 'reseller', 'system')
  ORDER BY a."createdAt" DESC LIMIT 1), 'admin')
WHERE o."status" = 'SUSPENDED';
