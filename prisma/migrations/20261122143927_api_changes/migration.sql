-- CreateEnum
CREATE TYPE "ApiChangeKind" AS ENUM ('NEW_SERVICE', 'NEW_ENDPOINT', 'NEW_PARAMETER', 'NEWLY_UNAUTHENTICATED');

-- CreateTable
CREATE TABLE "api_changes" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "ApiChangeKind" NOT NULL,
    "endpointId" TEXT,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "api_changes_tenantId_at_idx" ON "api_changes"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "api_changes" ADD CONSTRAINT "api_changes_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_changes" ADD CONSTRAINT "api_changes_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "api_changes" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_changes" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
