-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('NEW', 'INVESTIGATING', 'RESOLVED', 'FALSE_POSITIVE');

-- CreateEnum
CREATE TYPE "AlertVerdict" AS ENUM ('ATTACK', 'SUSPICIOUS', 'BENIGN_EXPLAINED');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "detectedAt" TIMESTAMP(3),
ADD COLUMN     "detectedLine" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "actors" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "countries" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "riskScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "actors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actor_links" (
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "to" TEXT,
    "shared" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "viaUploadId" TEXT NOT NULL,
    "viaLine" INTEGER NOT NULL,
    "together" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "actor_links_pkey" PRIMARY KEY ("tenantId","key")
);

-- CreateTable
CREATE TABLE "actor_hourly" (
    "tenantId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "actor_hourly_pkey" PRIMARY KEY ("actorId","hour")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "actorId" TEXT,
    "endpointId" TEXT,
    "severity" "AlertSeverity" NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "verdict" "AlertVerdict" NOT NULL,
    "title" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "measures" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "facts" JSONB NOT NULL DEFAULT '{}',
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "status" "AlertStatus" NOT NULL DEFAULT 'NEW',
    "assigneeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_activity" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "userId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_activity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "actors_tenantId_lastSeen_idx" ON "actors"("tenantId", "lastSeen");

-- CreateIndex
CREATE INDEX "actors_tenantId_riskScore_idx" ON "actors"("tenantId", "riskScore");

-- CreateIndex
CREATE UNIQUE INDEX "actors_tenantId_key_key" ON "actors"("tenantId", "key");

-- CreateIndex
CREATE INDEX "actor_hourly_tenantId_hour_idx" ON "actor_hourly"("tenantId", "hour");

-- CreateIndex
CREATE INDEX "alerts_tenantId_status_lastSeen_idx" ON "alerts"("tenantId", "status", "lastSeen" DESC);

-- CreateIndex
CREATE INDEX "alerts_tenantId_lastSeen_idx" ON "alerts"("tenantId", "lastSeen" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_tenantId_campaign_key" ON "alerts"("tenantId", "campaign");

-- CreateIndex
CREATE INDEX "alert_activity_tenantId_alertId_at_idx" ON "alert_activity"("tenantId", "alertId", "at");

-- AddForeignKey
ALTER TABLE "actors" ADD CONSTRAINT "actors_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_links" ADD CONSTRAINT "actor_links_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_hourly" ADD CONSTRAINT "actor_hourly_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_hourly" ADD CONSTRAINT "actor_hourly_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_activity" ADD CONSTRAINT "alert_activity_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_activity" ADD CONSTRAINT "alert_activity_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_activity" ADD CONSTRAINT "alert_activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "actors" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actors" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "actor_links" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actor_links" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "actor_hourly" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actor_hourly" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "alerts" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "alerts" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "alert_activity" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "alert_activity" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
