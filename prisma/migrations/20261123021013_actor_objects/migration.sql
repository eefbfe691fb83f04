-- CreateTable
CREATE TABLE "actor_objects" (
    "tenantId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "actor_objects_pkey" PRIMARY KEY ("actorId","endpointId","object")
);

-- CreateIndex
CREATE INDEX "actor_objects_tenantId_endpointId_object_idx" ON "actor_objects"("tenantId", "endpointId", "object");

-- CreateIndex
CREATE INDEX "actor_objects_tenantId_lastSeen_idx" ON "actor_objects"("tenantId", "lastSeen");

-- AddForeignKey
ALTER TABLE "actor_objects" ADD CONSTRAINT "actor_objects_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_objects" ADD CONSTRAINT "actor_objects_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_objects" ADD CONSTRAINT "actor_objects_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "api_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "actor_objects" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actor_objects" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
