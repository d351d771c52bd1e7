-- AlterEnum
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'UNLOCK_SIGN_IN';

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" TIMESTAMPTZ(3),

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
