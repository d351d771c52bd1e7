-- AlterTable
ALTER TABLE "Launcher" ADD COLUMN     "cobrowseEnabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "cobrowseMaskSelectors" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "CobrowsePairing" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "nonceHash" TEXT NOT NULL,
    "control" BOOLEAN NOT NULL DEFAULT false,
    "consentedAt" TIMESTAMPTZ(3),
    "stoppedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CobrowsePairing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CobrowsePairing_nonceHash_key" ON "CobrowsePairing"("nonceHash");

-- CreateIndex
CREATE INDEX "CobrowsePairing_orgId_sessionId_idx" ON "CobrowsePairing"("orgId", "sessionId");

-- AddForeignKey
ALTER TABLE "CobrowsePairing" ADD CONSTRAINT "CobrowsePairing_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
