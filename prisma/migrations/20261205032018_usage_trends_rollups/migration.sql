-- CreateTable
CREATE TABLE "RollupAgentDay" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "membershipId" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "handleSeconds" INTEGER NOT NULL,
    "visitorSeconds" INTEGER NOT NULL,
    "repliedSessions" INTEGER NOT NULL,
    "firstReplySeconds" INTEGER NOT NULL,
    "peakSessions" INTEGER NOT NULL,

    CONSTRAINT "RollupAgentDay_pkey" PRIMARY KEY ("orgId","day","membershipId")
);

-- CreateTable
CREATE TABLE "RollupUsageHour" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "visitorSeconds" INTEGER NOT NULL,

    CONSTRAINT "RollupUsageHour_pkey" PRIMARY KEY ("orgId","day","hour")
);

-- CreateTable
CREATE TABLE "RollupUsageDim" (
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "seconds" INTEGER NOT NULL,

    CONSTRAINT "RollupUsageDim_pkey" PRIMARY KEY ("orgId","kind","day","key")
);

-- CreateTable
CREATE TABLE "RollupTermDay" (
    "orgId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "term" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "RollupTermDay_pkey" PRIMARY KEY ("orgId","source","day","term")
);
