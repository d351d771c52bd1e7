-- CreateTable
CREATE TABLE "QueueIntervalRollup" (
    "orgId" TEXT NOT NULL,
    "intervalStart" TIMESTAMPTZ(3) NOT NULL,
    "launcherId" TEXT NOT NULL,
    "arrivals" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "expired" INTEGER NOT NULL,
    "scheduled" INTEGER NOT NULL,
    "waitSecs" INTEGER[],
    "waitCounts" INTEGER[],

    CONSTRAINT "QueueIntervalRollup_pkey" PRIMARY KEY ("orgId","intervalStart","launcherId")
);

-- CreateTable
CREATE TABLE "QueueDayRollup" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "launcherId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "arrivals" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "expired" INTEGER NOT NULL,
    "scheduled" INTEGER NOT NULL,
    "waitSecs" INTEGER[],
    "waitCounts" INTEGER[],

    CONSTRAINT "QueueDayRollup_pkey" PRIMARY KEY ("orgId","day","launcherId")
);

-- CreateTable
CREATE TABLE "ReportRefreshState" (
    "key" TEXT NOT NULL,
    "watermark" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportRefreshState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AgentStatusChange_at_idx" ON "AgentStatusChange"("at");

-- CreateIndex
CREATE INDEX "QueueEntry_orgId_enqueuedAt_idx" ON "QueueEntry"("orgId", "enqueuedAt");

-- CreateIndex
CREATE INDEX "QueueEntry_enqueuedAt_idx" ON "QueueEntry"("enqueuedAt");

-- CreateIndex
CREATE INDEX "Session_endedAt_idx" ON "Session"("endedAt");
