-- CreateEnum
CREATE TYPE "ResponseList" AS ENUM ('BLOCK', 'RATE_LIMIT');

-- CreateTable
CREATE TABLE "block_entries" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "list" "ResponseList" NOT NULL DEFAULT 'BLOCK',
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "alertId" TEXT,
    "actorId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "block_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allow_entries" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allow_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "block_entries_tenantId_seq_idx" ON "block_entries"("tenantId", "seq");

-- CreateIndex
CREATE INDEX "block_entries_tenantId_removedAt_list_idx" ON "block_entries"("tenantId", "removedAt", "list");

-- CreateIndex
CREATE UNIQUE INDEX "allow_entries_tenantId_kind_value_key" ON "allow_entries"("tenantId", "kind", "value");

-- AddForeignKey
ALTER TABLE "block_entries" ADD CONSTRAINT "block_entries_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allow_entries" ADD CONSTRAINT "allow_entries_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "block_entries" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "block_entries" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
ALTER TABLE "allow_entries" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "allow_entries" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
