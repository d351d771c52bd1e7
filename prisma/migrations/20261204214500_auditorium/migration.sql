-- AlterEnum
ALTER TYPE "UsageKind" ADD VALUE 'ATTENDEE_MINUTE';
ALTER TYPE "UsageKind" ADD VALUE 'ATTENDEE_HIT';

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "removedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Auditorium" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "joinKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "scheduledFor" TIMESTAMPTZ(3),
    "maxAttendees" INTEGER NOT NULL,
    "sessionId" TEXT,
    "present" INTEGER NOT NULL DEFAULT 0,
    "peak" INTEGER NOT NULL DEFAULT 0,
    "createdByMembershipId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Auditorium_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Auditorium_joinKey_key" ON "Auditorium"("joinKey");

-- CreateIndex
CREATE UNIQUE INDEX "Auditorium_sessionId_key" ON "Auditorium"("sessionId");

-- CreateIndex
CREATE INDEX "Auditorium_orgId_createdAt_idx" ON "Auditorium"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "Auditorium" ADD CONSTRAINT "Auditorium_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Auditorium" ADD CONSTRAINT "Auditorium_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Auditorium" ADD CONSTRAINT "Auditorium_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE SET NULL ON UPDATE CASCADE;
