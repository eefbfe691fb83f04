-- AlterTable
ALTER TABLE "api_endpoints" ADD COLUMN     "riskFactors" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "riskScore" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "posture_findings" ADD COLUMN     "evidenceCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ownerId" TEXT;

-- CreateTable
CREATE TABLE "finding_activity" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "userId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "finding_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "posture_snapshots" (
    "tenantId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "score" INTEGER NOT NULL,
    "critical" INTEGER NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "posture_snapshots_pkey" PRIMARY KEY ("tenantId","scope","day")
);

-- CreateIndex
CREATE INDEX "finding_activity_tenantId_findingId_at_idx" ON "finding_activity"("tenantId", "findingId", "at");

-- CreateIndex
CREATE INDEX "api_endpoints_tenantId_riskScore_idx" ON "api_endpoints"("tenantId", "riskScore" DESC);

-- AddForeignKey
ALTER TABLE "posture_findings" ADD CONSTRAINT "posture_findings_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_activity" ADD CONSTRAINT "finding_activity_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_activity" ADD CONSTRAINT "finding_activity_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "posture_findings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_activity" ADD CONSTRAINT "finding_activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posture_snapshots" ADD CONSTRAINT "posture_snapshots_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "finding_activity" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "finding_activity" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "posture_snapshots" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "posture_snapshots" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
