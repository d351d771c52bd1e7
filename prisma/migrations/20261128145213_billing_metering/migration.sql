-- AlterTable
ALTER TABLE "Statement" ADD COLUMN     "paymentFailedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "processedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Participant_role_leftAt_idx" ON "Participant"("role", "leftAt");

-- CreateIndex
CREATE INDEX "UsageRecord_participantId_occurredAt_idx" ON "UsageRecord"("participantId", "occurredAt");

-- CreateIndex
CREATE INDEX "UsageRecord_statementId_idx" ON "UsageRecord"("statementId");
