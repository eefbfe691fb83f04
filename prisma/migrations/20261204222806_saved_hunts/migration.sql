-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "huntedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "saved_hunts" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "ownerId" TEXT,
    "detector" BOOLEAN NOT NULL DEFAULT false,
    "severity" "AlertSeverity" NOT NULL DEFAULT 'MEDIUM',
    "lastRunAt" TIMESTAMP(3),
    "lastMatched" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saved_hunts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "saved_hunts_tenantId_name_key" ON "saved_hunts"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "saved_hunts" ADD CONSTRAINT "saved_hunts_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_hunts" ADD CONSTRAINT "saved_hunts_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "saved_hunts" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "saved_hunts" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
