-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "changeTx" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "alerts_tenantId_changeTx_id_idx" ON "alerts"("tenantId", "changeTx", "id");

-- Reviewed addition: every insert and update of an alert stamps the id of the
-- transaction writing it. The alert feed reads, in (changeTx, id) order, only
-- rows whose transaction is older than every transaction still running
-- (pg_snapshot_xmin), so a cursor never passes a write that commits later: a
-- timestamp cursor would skip the alerts of a detection that ran for a minute.
CREATE FUNCTION stamp_change_tx() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."changeTx" := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END
$$;

CREATE TRIGGER alerts_change_tx BEFORE INSERT OR UPDATE ON "alerts"
  FOR EACH ROW EXECUTE FUNCTION stamp_change_tx();

-- Alerts stored before the feed existed: one stamp for all, so a first read returns them.
UPDATE "alerts" SET "changeTx" = pg_current_xact_id()::text::bigint;
