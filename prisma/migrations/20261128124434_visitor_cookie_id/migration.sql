-- AlterTable
ALTER TABLE "Visitor" ADD COLUMN     "cookieId" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Visitor_orgId_cookieId_key" ON "Visitor"("orgId", "cookieId");
