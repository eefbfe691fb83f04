-- CreateTable
CREATE TABLE "ticket_links" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ticket_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ticket_links_integrationId_key_idx" ON "ticket_links"("integrationId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_links_tenantId_integrationId_alertId_key" ON "ticket_links"("tenantId", "integrationId", "alertId");

-- AddForeignKey
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "ticket_links" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ticket_links" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
