-- CreateTable
CREATE TABLE "AgentStatusChange" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "membershipId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "routable" BOOLEAN NOT NULL,
    "capacity" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentStatusChange_orgId_at_idx" ON "AgentStatusChange"("orgId", "at");

-- CreateIndex
CREATE INDEX "AgentStatusChange_orgId_membershipId_at_idx" ON "AgentStatusChange"("orgId", "membershipId", "at");

-- AddForeignKey
ALTER TABLE "AgentStatusChange" ADD CONSTRAINT "AgentStatusChange_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentStatusChange" ADD CONSTRAINT "AgentStatusChange_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;
