-- CreateEnum
CREATE TYPE "SurveyKind" AS ENUM ('OFF', 'STARS', 'THUMBS');

-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "survey" "SurveyKind" NOT NULL DEFAULT 'OFF',
ADD COLUMN     "surveyComment" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "participantId" TEXT,
    "visitorId" TEXT,
    "scale" "SurveyKind" NOT NULL,
    "rating" SMALLINT NOT NULL,
    "value" TEXT NOT NULL,
    "comment" TEXT,
    "agentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sessionStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveyAnswer_orgId_sessionId_idx" ON "SurveyAnswer"("orgId", "sessionId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_orgId_sessionStartedAt_scale_rating_agentIds_idx" ON "SurveyAnswer"("orgId", "sessionStartedAt", "scale", "rating", "agentIds");

-- CreateIndex
CREATE INDEX "SurveyAnswer_orgId_visitorId_idx" ON "SurveyAnswer"("orgId", "visitorId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_sessionId_participantId_key" ON "SurveyAnswer"("sessionId", "participantId");

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
