-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "retentionDays" INTEGER NOT NULL DEFAULT 365;

-- CreateTable
CREATE TABLE "RetentionWatermark" (
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "doneBefore" TIMESTAMPTZ(3) NOT NULL,
    "lastId" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RetentionWatermark_pkey" PRIMARY KEY ("orgId","kind")
);

-- Erasure (server/privacy/personal-data.ts): replaces `pattern` (a case-insensitive regular
-- expression) in every string value of a JSON document, never in its keys, so a visitor's name or
-- address in someone else's words is masked without breaking the document's shape.
CREATE OR REPLACE FUNCTION privacy_mask_jsonb(j jsonb, pattern text, replacement text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN CASE jsonb_typeof(j)
    WHEN 'string' THEN to_jsonb(regexp_replace(j #>> '{}', pattern, replacement, 'gi'))
    WHEN 'object' THEN coalesce((SELECT jsonb_object_agg(k, privacy_mask_jsonb(v, pattern, replacement)) FROM jsonb_each(j) AS e(k, v)), '{}'::jsonb)
    WHEN 'array' THEN coalesce((SELECT jsonb_agg(privacy_mask_jsonb(v, pattern, replacement) ORDER BY i) FROM jsonb_array_elements(j) WITH ORDINALITY AS a(v, i)), '[]'::jsonb)
    ELSE j
  END;
END
$$;
