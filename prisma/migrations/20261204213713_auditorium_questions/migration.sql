-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'ANSWERED');

-- CreateEnum
CREATE TYPE "QuestionAnswerMode" AS ENUM ('STAGE', 'PRIVATE');

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "handRaisedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "askerParticipantId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "QuestionStatus" NOT NULL DEFAULT 'PENDING',
    "answerMode" "QuestionAnswerMode",
    "answerText" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "askedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "moderatedAt" TIMESTAMPTZ(3),
    "moderatedByParticipantId" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredByParticipantId" TEXT,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_orgId_sessionId_status_askedAt_idx" ON "Question"("orgId", "sessionId", "status", "askedAt");

-- CreateIndex
CREATE INDEX "Question_askerParticipantId_askedAt_idx" ON "Question"("askerParticipantId", "askedAt");

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_askerParticipantId_fkey" FOREIGN KEY ("askerParticipantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
