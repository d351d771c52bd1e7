-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "serviceLevelPercent" INTEGER NOT NULL DEFAULT 80,
ADD COLUMN     "serviceLevelSeconds" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';
