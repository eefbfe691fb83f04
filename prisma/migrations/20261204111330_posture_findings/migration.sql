-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('OPEN', 'ACCEPTED', 'RESOLVED');

-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "postureAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "posture_findings" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "owasp" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "confidence" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "fix" TEXT NOT NULL,
    "facts" JSONB NOT NULL DEFAULT '{}',
    "status" "FindingStatus" NOT NULL DEFAULT 'OPEN',
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "acceptedReason" TEXT,
    "acceptedUntil" TIMESTAMP(3),
    "acceptedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "posture_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "posture_findings_tenantId_status_severity_idx" ON "posture_findings"("tenantId", "status", "severity");

-- CreateIndex
CREATE UNIQUE INDEX "posture_findings_tenantId_endpointId_check_key" ON "posture_findings"("tenantId", "endpointId", "check");

-- AddForeignKey
ALTER TABLE "posture_findings" ADD CONSTRAINT "posture_findings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posture_findings" ADD CONSTRAINT "posture_findings_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "posture_findings" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "posture_findings" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
