-- Hand-written: telemetry.events is outside schema.prisma (see the ingestion migration).
-- What hunting (services/hunt) needs of the events, measured in bench/hunt.ts and
-- bench/hunt-ingest.ts.
--
-- actor_key: the key of a request's strongest identity (people, then
-- credentials, then the app's client id: ACTOR_KIND_ORDER in
-- engine/detection/actors.ts), NULL for an anonymous request. The writer sets it
-- from the same function detection uses; rows stored before are filled here by
-- telemetry.identity_key, which a test keeps in step with it. An actor's
-- requests are `actor_key = ANY(its keys)`, and anonymous ones from the
-- addresses linked to it `actor_key IS NULL AND client_ip = ANY(…)`: cheap
-- comparisons instead of reading each request's identities as JSON.
--
-- No index: three btrees (actor_key, address, status by tenant and time) made
-- ingestion 58 % slower (bench/README.md), against a goal of 10 %. A hunt for an
-- actor reads only the hours the actor was active instead (actor_hourly, which
-- detection keeps), through the existing (tenant_id, ts) index.
--
-- The fill is not CONCURRENT: on a large installation, run this migration in a
-- quiet hour.
ALTER TABLE telemetry.events ADD COLUMN actor_key text;

CREATE FUNCTION telemetry.identity_key(ids jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (i->>'kind') || ':' || coalesce(i->>'value', i->'secret'->>'hash')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ids) = 'array' THEN ids ELSE '[]'::jsonb END) i
  WHERE i->>'kind' IN ('consumer', 'jwt_sub', 'basic_user', 'remote_user', 'api_key', 'session', 'bearer', 'jwt_client_id')
  ORDER BY array_position(
    ARRAY['consumer', 'jwt_sub', 'basic_user', 'remote_user', 'api_key', 'session', 'bearer', 'jwt_client_id'],
    i->>'kind')
  LIMIT 1
$$;

UPDATE telemetry.events SET actor_key = telemetry.identity_key(identities) WHERE identities IS NOT NULL;

-- Every identity of a request as a key ("jwt_sub:alice", "api_key:<keyed hash>"): user: hunts.
CREATE FUNCTION telemetry.identity_keys(ids jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg((i->>'kind') || ':' || coalesce(i->>'value', i->'secret'->>'hash')), '{}')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ids) = 'array' THEN ids ELSE '[]'::jsonb END) i
$$;
