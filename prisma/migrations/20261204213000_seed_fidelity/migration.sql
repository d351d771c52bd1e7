-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "clientAddress" TEXT;

-- AlterTable
ALTER TABLE "QueueEntry" ADD COLUMN     "avatarUrl" TEXT,
ADD COLUMN     "clientAddress" TEXT;

-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "monitoringNotice" BOOLEAN NOT NULL DEFAULT false;
