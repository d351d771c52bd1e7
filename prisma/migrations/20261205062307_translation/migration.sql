-- CreateTable
CREATE TABLE "LineTranslation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "eventId" BIGINT NOT NULL,
    "language" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sourceLanguage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineTranslation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LineTranslation_orgId_sessionId_idx" ON "LineTranslation"("orgId", "sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "LineTranslation_eventId_language_key" ON "LineTranslation"("eventId", "language");

-- AddForeignKey
ALTER TABLE "LineTranslation" ADD CONSTRAINT "LineTranslation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "SessionEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
