-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "risk" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "saved_views" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("tenantId","userId","page")
);

-- CreateIndex
CREATE INDEX "alerts_tenantId_risk_idx" ON "alerts"("tenantId", "risk" DESC);

-- AddForeignKey
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: the risk of the alerts already raised, as alert-store.ts alertRisk computes it for new ones.
UPDATE "alerts" SET "risk" = CASE WHEN "verdict" = 'BENIGN_EXPLAINED' THEN 0 ELSE round(
  CASE "severity" WHEN 'CRITICAL' THEN 100 WHEN 'HIGH' THEN 75 WHEN 'MEDIUM' THEN 50 ELSE 25 END * "confidence")::int END;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "saved_views" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "saved_views" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
