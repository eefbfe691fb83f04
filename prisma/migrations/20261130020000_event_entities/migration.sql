-- Hand-written: telemetry.events is outside schema.prisma (see the ingestion migration).
-- The business entities (tenant, organisation, account…) the caller's token or the
-- log's claims name, as [{ "name": "org_id", "value": "acme" }]; NULL when none.
ALTER TABLE telemetry.events ADD COLUMN entities jsonb;
