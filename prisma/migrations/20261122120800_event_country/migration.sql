-- Hand-written: telemetry.events is outside schema.prisma (see the ingestion migration).
-- Country of the client IP, from the offline table the worker loads.
ALTER TABLE telemetry.events ADD COLUMN country text;
