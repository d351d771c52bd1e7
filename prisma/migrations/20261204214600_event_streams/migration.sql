-- One numbering per audience (docs/sessions.md): room events keep a gapless seq of their own in
-- Session.lastSeq; each private stream (a sidebar, a prompter and the agent coached, ...) is
-- numbered on its own in SessionStream, so nobody outside an audience sees a gap in the room's numbers.

-- DropIndex
DROP INDEX "SessionEvent_orgId_sessionId_seq_key";

-- AlterTable
ALTER TABLE "SessionEvent" ADD COLUMN     "stream" TEXT NOT NULL DEFAULT 'room';

-- Existing private events get their stream key, as server/archive/append.ts's streamOf names it.
UPDATE "SessionEvent" SET "stream" = CASE
    WHEN "sidebarId" IS NOT NULL THEN 'sidebar:' || "sidebarId"
    WHEN type = 'prompt' AND "actorParticipantId" IS NOT NULL AND payload ? 'to' THEN 'prompt:' || "actorParticipantId" || ':' || (payload->>'to')
    ELSE 'p:' || array_to_string(ARRAY(SELECT DISTINCT a FROM unnest(audience) AS a ORDER BY a), ',')
  END
WHERE "sidebarId" IS NOT NULL OR cardinality(audience) > 0;

-- Renumber every stream 1..n in its old order: the room's numbers close over the private events
-- that used to take numbers from them.
UPDATE "SessionEvent" e SET seq = r.n
FROM (
  SELECT id, row_number() OVER (PARTITION BY "orgId", "sessionId", "stream" ORDER BY seq, id)::int AS n
  FROM "SessionEvent"
) r
WHERE e.id = r.id AND e.seq <> r.n;

UPDATE "Session" s SET "lastSeq" = COALESCE(
  (SELECT max(seq) FROM "SessionEvent" e WHERE e."orgId" = s."orgId" AND e."sessionId" = s.id AND e."stream" = 'room'), 0);

-- CreateTable
CREATE TABLE "SessionStream" (
    "orgId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SessionStream_pkey" PRIMARY KEY ("orgId","sessionId","stream")
);

INSERT INTO "SessionStream" ("orgId", "sessionId", "stream", "lastSeq")
SELECT "orgId", "sessionId", "stream", max(seq) FROM "SessionEvent" WHERE "stream" <> 'room' GROUP BY 1, 2, 3;

-- CreateIndex
CREATE UNIQUE INDEX "SessionEvent_orgId_sessionId_stream_seq_key" ON "SessionEvent"("orgId", "sessionId", "stream", "seq");

-- AddForeignKey
ALTER TABLE "SessionStream" ADD CONSTRAINT "SessionStream_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStream" ADD CONSTRAINT "SessionStream_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
