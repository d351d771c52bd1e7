-- CreateTable
CREATE TABLE "SessionSearchDoc" (
    "sessionId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" "ScenarioKind" NOT NULL,
    "launcherId" TEXT,
    "scenarioId" TEXT NOT NULL,
    "agentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "agentNames" TEXT NOT NULL DEFAULT '',
    "visitorName" TEXT,
    "visitorEmail" TEXT,
    "disposition" "SessionDisposition",
    "endReason" TEXT,
    "durationSec" INTEGER NOT NULL,
    "waitSec" INTEGER,
    "chatLines" INTEGER NOT NULL DEFAULT 0,
    "document" tsvector NOT NULL,
    "visitorDoc" tsvector NOT NULL,

    CONSTRAINT "SessionSearchDoc_pkey" PRIMARY KEY ("sessionId")
);

-- CreateIndex
CREATE INDEX "SessionSearchDoc_orgId_startedAt_sessionId_idx" ON "SessionSearchDoc"("orgId", "startedAt" DESC, "sessionId" DESC);

-- CreateIndex
CREATE INDEX "SessionSearchDoc_document_idx" ON "SessionSearchDoc" USING GIN ("document");

-- CreateIndex
CREATE INDEX "SessionSearchDoc_visitorDoc_idx" ON "SessionSearchDoc" USING GIN ("visitorDoc");

-- CreateIndex
CREATE INDEX "SessionSearchDoc_agentIds_idx" ON "SessionSearchDoc" USING GIN ("agentIds");

-- AddForeignKey
ALTER TABLE "SessionSearchDoc" ADD CONSTRAINT "SessionSearchDoc_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
