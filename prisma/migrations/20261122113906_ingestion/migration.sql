-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('RECEIVED', 'PROCESSING', 'COMPLETED', 'FAILED', 'DUPLICATE');

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "eventRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "formatSpec" JSONB,
    "detectedConfidence" DOUBLE PRECISION,
    "status" "UploadStatus" NOT NULL DEFAULT 'RECEIVED',
    "error" TEXT,
    "sizeBytes" BIGINT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "linesRead" INTEGER NOT NULL DEFAULT 0,
    "linesAccepted" INTEGER NOT NULL DEFAULT 0,
    "linesRejected" INTEGER NOT NULL DEFAULT 0,
    "rejectReasons" JSONB NOT NULL DEFAULT '{}',
    "rejectSamples" JSONB NOT NULL DEFAULT '[]',
    "timeFrom" TIMESTAMP(3),
    "timeTo" TIMESTAMP(3),
    "readiness" JSONB,
    "duplicateOfId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "uploads_tenantId_createdAt_idx" ON "uploads"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "uploads_tenantId_contentSha256_idx" ON "uploads"("tenantId", "contentSha256");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Reviewed additions.
-- ---------------------------------------------------------------------------
-- The 7-day floor on eventRetentionDays is enforced by input validation, not a
-- CHECK constraint: the wasm schema engine used for diffs panics describing one.

ALTER TABLE "uploads" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "uploads" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- API events: high volume, written with COPY by the ingestion worker, read
-- through rollups and hunting queries. They live in their own schema so
-- Prisma (schema "public") neither models nor diffs them. Partitioned by
-- day on the event time: retention drops whole partitions.
CREATE SCHEMA IF NOT EXISTS telemetry;
GRANT USAGE ON SCHEMA telemetry TO lantern_app;

CREATE TABLE telemetry.events (
  tenant_id      text        NOT NULL,
  ts             timestamptz NOT NULL,
  upload_id      text        NOT NULL,
  line_no        integer     NOT NULL,
  method         text        NOT NULL,
  scheme         text,
  host           text,
  path           text        NOT NULL,
  query          jsonb,
  protocol       text,
  status         smallint,
  request_bytes  bigint,
  response_bytes bigint,
  latency_ms     real,
  user_agent     text,
  referer        text,
  client_ip      inet,
  peer_ip        inet,
  via_proxy      boolean     NOT NULL DEFAULT false,
  service        text,
  upstream       text,
  request_id     text,
  identities     jsonb,
  jwt_issuer     text,
  secret_in_url  boolean     NOT NULL DEFAULT false
) PARTITION BY RANGE (ts);

CREATE INDEX events_tenant_ts_idx ON telemetry.events (tenant_id, ts);
CREATE INDEX events_tenant_upload_idx ON telemetry.events (tenant_id, upload_id, line_no);

-- Reads go through the parent, so the policy and grant here cover every partition.
-- COPY FROM is refused on RLS tables for roles RLS applies to, so the ingestion
-- writer copies as the owner and sets tenant_id itself from the job's tenant.
GRANT SELECT ON telemetry.events TO lantern_app;
ALTER TABLE telemetry.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON telemetry.events TO lantern_app
  USING (tenant_id = current_setting('app.tenant_id', true));

-- Creates the partition holding `day` if missing. Idempotent and safe to call
-- concurrently (a lost race is ignored).
CREATE FUNCTION telemetry.ensure_event_partition(day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  name text := 'events_' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass('telemetry.' || name) IS NULL THEN
    BEGIN
      EXECUTE format(
        'CREATE TABLE telemetry.%I PARTITION OF telemetry.events FOR VALUES FROM (%L) TO (%L)',
        name, day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
    EXCEPTION WHEN duplicate_table THEN
      NULL;
    END;
  END IF;
END
$$;
