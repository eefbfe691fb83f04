-- CreateTable
CREATE TABLE "actor_places" (
    "tenantId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "actor_places_pkey" PRIMARY KEY ("actorId","kind","place")
);

-- CreateIndex
CREATE INDEX "actor_places_tenantId_lastSeen_idx" ON "actor_places"("tenantId", "lastSeen");

-- AddForeignKey
ALTER TABLE "actor_places" ADD CONSTRAINT "actor_places_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_places" ADD CONSTRAINT "actor_places_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reviewed addition: row-level security, like every tenant table.
ALTER TABLE "actor_places" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "actor_places" TO lantern_app
  USING ("tenantId" = current_setting('app.tenant_id', true))
  WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
