-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "discoveredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "api_services" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_endpoints" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "version" TEXT,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "unauthenticated" BOOLEAN NOT NULL DEFAULT false,
    "authenticatedShare" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "direction" TEXT NOT NULL,
    "p95LatencyMs" DOUBLE PRECISION,
    "distinctActors" INTEGER NOT NULL DEFAULT 0,
    "stats" JSONB NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "api_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discovery_states" (
    "tenantId" TEXT NOT NULL,
    "templater" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "discovery_states_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_services_tenantId_host_key" ON "api_services"("tenantId", "host");

-- CreateIndex
CREATE INDEX "api_endpoints_tenantId_lastSeen_idx" ON "api_endpoints"("tenantId", "lastSeen");

-- CreateIndex
CREATE UNIQUE INDEX "api_endpoints_tenantId_serviceId_method_template_key" ON "api_endpoints"("tenantId", "serviceId", "method", "template");

-- AddForeignKey
ALTER TABLE "api_services" ADD CONSTRAINT "api_services_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_endpoints" ADD CONSTRAINT "api_endpoints_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_endpoints" ADD CONSTRAINT "api_endpoints_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "api_services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discovery_states" ADD CONSTRAINT "discovery_states_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Reviewed additions: row-level security, like every tenant table.
-- ---------------------------------------------------------------------------
ALTER TABLE "api_services" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_services" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "api_endpoints" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_endpoints" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "discovery_states" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "discovery_states" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
