-- Hand-written: telemetry.events is outside schema.prisma (see the ingestion migration).
-- Indexes for hunting (services/hunt), measured in bench/hunt.ts:
--
-- * An actor's requests are those carrying any of its identities (its own and the
--   credentials linked to it, thousands for a user whose token rotates hourly).
--   identity_keys() turns a request's identities into keys ("jwt_sub:alice",
--   "api_key:<keyed hash>"), and a GIN index over them answers "any of these
--   keys" (&&) in one lookup, where a scan expanded every request's JSON.
-- * Addresses (ip: hunts, an actor's anonymous calls) and statuses (status:>=500)
--   by tenant and time: btrees the planner uses when they are selective.
--
-- On a partitioned table each partition gets its own index (new day partitions
-- too). Built without CONCURRENTLY: on a large installation, run this migration
-- in a quiet hour (writes to events wait while the indexes are built).
CREATE FUNCTION telemetry.identity_keys(ids jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg((i->>'kind') || ':' || coalesce(i->>'value', i->'secret'->>'hash')), '{}')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ids) = 'array' THEN ids ELSE '[]'::jsonb END) i
$$;

CREATE INDEX events_identity_keys_idx ON telemetry.events USING gin (telemetry.identity_keys(identities));
CREATE INDEX events_tenant_ip_ts_idx ON telemetry.events (tenant_id, client_ip, ts);
CREATE INDEX events_tenant_status_ts_idx ON telemetry.events (tenant_id, status, ts);
