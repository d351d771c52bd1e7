-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "seatVersion" INTEGER NOT NULL DEFAULT 0;
