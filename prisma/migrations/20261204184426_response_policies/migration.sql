-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "PolicyMode" AS ENUM ('SUGGEST', 'AUTO');

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "addresses" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "integrations" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "sealedSecret" TEXT,
    "secretHint" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastSuccessAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "subjectId" TEXT,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "log" JSONB NOT NULL DEFAULT '[]',
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "policyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "response_policies" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "trigger" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "mode" "PolicyMode" NOT NULL DEFAULT 'SUGGEST',
    "blockHours" INTEGER DEFAULT 24,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "enabledAt" TIMESTAMP(3),
    "lastDryRun" JSONB,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "response_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_matches" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "targets" JSONB NOT NULL DEFAULT '[]',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_matches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "integrations_tenantId_name_key" ON "integrations"("tenantId", "name");

-- CreateIndex
CREATE INDEX "deliveries_tenantId_integrationId_createdAt_idx" ON "deliveries"("tenantId", "integrationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "deliveries_tenantId_createdAt_idx" ON "deliveries"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "response_policies_tenantId_name_key" ON "response_policies"("tenantId", "name");

-- CreateIndex
CREATE INDEX "policy_matches_tenantId_alertId_idx" ON "policy_matches"("tenantId", "alertId");

-- CreateIndex
CREATE UNIQUE INDEX "policy_matches_tenantId_policyId_alertId_key" ON "policy_matches"("tenantId", "policyId", "alertId");

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_policies" ADD CONSTRAINT "response_policies_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_matches" ADD CONSTRAINT "policy_matches_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_matches" ADD CONSTRAINT "policy_matches_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "response_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "integrations" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "integrations" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "deliveries" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "deliveries" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "response_policies" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "response_policies" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "policy_matches" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "policy_matches" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
