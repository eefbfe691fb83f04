-- CreateTable
CREATE TABLE "template_corrections" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "literal" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_corrections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "template_corrections_tenantId_host_idx" ON "template_corrections"("tenantId", "host");

-- AddForeignKey
ALTER TABLE "template_corrections" ADD CONSTRAINT "template_corrections_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "template_corrections" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "template_corrections" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
