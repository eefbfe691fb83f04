-- CreateTable
CREATE TABLE "api_endpoint_hourly" (
    "tenantId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "clientErrors" INTEGER NOT NULL DEFAULT 0,
    "serverErrors" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "api_endpoint_hourly_pkey" PRIMARY KEY ("endpointId","hour")
);

-- CreateTable
CREATE TABLE "api_client_hourly" (
    "tenantId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "api_client_hourly_pkey" PRIMARY KEY ("serviceId","client","hour")
);

-- CreateIndex
CREATE INDEX "api_endpoint_hourly_tenantId_hour_idx" ON "api_endpoint_hourly"("tenantId", "hour");

-- CreateIndex
CREATE INDEX "api_client_hourly_tenantId_hour_idx" ON "api_client_hourly"("tenantId", "hour");

-- AddForeignKey
ALTER TABLE "api_endpoint_hourly" ADD CONSTRAINT "api_endpoint_hourly_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_endpoint_hourly" ADD CONSTRAINT "api_endpoint_hourly_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_client_hourly" ADD CONSTRAINT "api_client_hourly_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_client_hourly" ADD CONSTRAINT "api_client_hourly_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "api_services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "api_endpoint_hourly" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_endpoint_hourly" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "api_client_hourly" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_client_hourly" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
