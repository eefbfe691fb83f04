-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "decoyPaths" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "baselines" (
    "tenantId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "n" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "baselines_pkey" PRIMARY KEY ("tenantId","subject","measure")
);

-- CreateTable
CREATE TABLE "suppressions" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detector" TEXT,
    "actorId" TEXT,
    "endpointId" TEXT,
    "cidr" TEXT,
    "reason" TEXT NOT NULL,
    "alertId" TEXT,
    "createdById" TEXT,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "lastHitAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppressions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "suppressions_tenantId_createdAt_idx" ON "suppressions"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "baselines" ADD CONSTRAINT "baselines_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "baselines" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "baselines" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "suppressions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "suppressions" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- Reviewed addition: false positives marked before suppressions existed keep
-- what they taught (their campaign stayed quiet), now as suppressions.
INSERT INTO "suppressions" ("id", "tenantId", "kind", "detector", "actorId", "endpointId", "reason", "alertId", "createdAt")
SELECT 'sup_' || substr(md5(a."id"), 1, 16), a."tenantId", 'false-positive', a."detector", a."actorId",
       CASE WHEN a."actorId" IS NULL THEN a."endpointId" END,
       COALESCE((SELECT x."detail"->>'reason' FROM "alert_activity" x WHERE x."alertId" = a."id" AND x."kind" = 'status' ORDER BY x."at" DESC LIMIT 1), 'Marked a false positive'),
       a."id", a."updatedAt"
FROM "alerts" a WHERE a."status" = 'FALSE_POSITIVE';
