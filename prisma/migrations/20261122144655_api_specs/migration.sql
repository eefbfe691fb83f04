-- AlterTable
ALTER TABLE "api_endpoints" ADD COLUMN     "specPath" TEXT,
ADD COLUMN     "specReason" TEXT,
ADD COLUMN     "specStatus" TEXT,
ADD COLUMN     "undocumentedParams" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "api_specs" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "dialect" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "operations" JSONB NOT NULL,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "api_specs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_specs_tenantId_host_key" ON "api_specs"("tenantId", "host");

-- AddForeignKey
ALTER TABLE "api_specs" ADD CONSTRAINT "api_specs_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "api_specs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_specs" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
