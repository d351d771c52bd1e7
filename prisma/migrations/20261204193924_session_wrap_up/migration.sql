-- CreateEnum
CREATE TYPE "SessionDisposition" AS ENUM ('RESOLVED', 'FOLLOW_UP', 'NO_ANSWER', 'SPAM');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "disposition" "SessionDisposition",
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "wrappedUpAt" TIMESTAMPTZ(3),
ADD COLUMN     "wrappedUpBy" TEXT;
