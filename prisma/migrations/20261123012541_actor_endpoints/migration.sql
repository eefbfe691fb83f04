-- CreateTable
CREATE TABLE "actor_endpoints" (
    "tenantId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "flagged" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "actor_endpoints_pkey" PRIMARY KEY ("actorId","endpointId")
);

-- CreateIndex
CREATE INDEX "actor_endpoints_tenantId_endpointId_idx" ON "actor_endpoints"("tenantId", "endpointId");

-- AddForeignKey
ALTER TABLE "actor_endpoints" ADD CONSTRAINT "actor_endpoints_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_endpoints" ADD CONSTRAINT "actor_endpoints_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_endpoints" ADD CONSTRAINT "actor_endpoints_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "actor_endpoints" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actor_endpoints" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
