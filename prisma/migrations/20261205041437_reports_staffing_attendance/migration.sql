-- CreateTable
CREATE TABLE "StaffingInterval" (
    "orgId" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "arrivals" INTEGER NOT NULL,
    "handled" INTEGER NOT NULL,
    "handleSeconds" DOUBLE PRECISION NOT NULL,
    "readySeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "StaffingInterval_pkey" PRIMARY KEY ("orgId","start")
);

-- CreateTable
CREATE TABLE "AttendanceEvent" (
    "sessionId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "ScenarioKind" NOT NULL,
    "title" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "people" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "personMinutes" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AttendanceEvent_pkey" PRIMARY KEY ("sessionId")
);

-- CreateIndex
CREATE INDEX "AttendanceEvent_orgId_startedAt_idx" ON "AttendanceEvent"("orgId", "startedAt");

-- AddForeignKey
ALTER TABLE "StaffingInterval" ADD CONSTRAINT "StaffingInterval_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceEvent" ADD CONSTRAINT "AttendanceEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
