// A few of the requests behind a finding, read from stored events at read
// time: requests to its endpoint in the day before it was last seen, those
// that show the weakness first (an unauthenticated 2xx, a 5xx, a refused
// sign-in, a payload…), target masked (engine/posture/samples.ts). Events
// past the workspace's retention are gone, and the page says so.
import { type Prisma, Prisma as Sql } from "@lantern/db/client";
import type { QueryParam } from "@lantern/engine/normalize/event";
import { CREDENTIAL_TYPES, type SensitiveType } from "@lantern/engine/normalize/sensitive-types";
import { attacksInRequest } from "@lantern/engine/payloads/classify";
import { redactTarget, templatePattern } from "@lantern/engine/posture/samples";

export type SampleRequest = {
  uploadId: string;
  line: number;
  ts: Date;
  method: string;
  host: string | null;
  target: string;
  status: number | null;
  clientIp: string | null;
  userAgent: string | null;
  responseBytes: number | null;
};

type Row = Omit<SampleRequest, "target"> & {
  path: string;
  query: QueryParam[] | null;
  anonymous: boolean;
  sensitive: string[] | null;
};

const SAMPLES = 5;
/** Rows read to pick the samples from: enough to find a rare payload in a busy day. */
const SCAN = 2_000;
const is2xx = (r: Row) => r.status !== null && r.status >= 200 && r.status < 300;

/** What makes a request evidence of each check; checks not listed take any request to the endpoint. */
const SHOWS: Record<string, (r: Row) => boolean> = {
  "unauthenticated-sensitive-data": (r) => is2xx(r) && r.anonymous,
  "unauthenticated-admin": (r) => is2xx(r) && r.anonymous,
  "unauthenticated-write": (r) => is2xx(r) && r.anonymous,
  "server-errors": (r) => (r.status ?? 0) >= 500,
  "brute-force": (r) => r.status === 401 || r.status === 403,
  "verbose-errors": (r) => (r.status ?? 0) >= 500,
  "graphql-introspection": (r) => is2xx(r) && (r.query ?? []).some((p) => /__(schema|type)\b/.test(p.value)),
  "exposed-artefact": is2xx,
  "trace-enabled": is2xx,
  // A query value the normaliser took for a secret (and masked), or a credential found in the path.
  "credentials-in-url": (r) =>
    (r.query ?? []).some((p) => p.secret) ||
    (r.sensitive ?? []).some((c) => CREDENTIAL_TYPES.has(c.split(":")[0] as SensitiveType) && c.endsWith(":path")),
  "personal-data-in-url": (r) => (r.sensitive ?? []).some((c) => c.endsWith(":path") || c.endsWith(":query")),
  "attack-payloads": (r) => attacksInRequest(r.path, r.query ?? []).length > 0,
};

/** How far back from the finding's last sighting to look: the last hour first (cheap), then the whole day. */
const WINDOWS_MS = [3_600_000, 86_400_000];

export async function findingSamples(
  tx: Prisma.TransactionClient,
  tenantId: string,
  finding: { check: string; lastSeen: Date },
  endpoint: { host: string; method: string; template: string },
): Promise<SampleRequest[]> {
  const shows = SHOWS[finding.check];
  let picked: Row[] = [];
  for (const window of WINDOWS_MS) {
    const rows = await readRequests(tx, tenantId, endpoint, finding.lastSeen, window);
    picked = shows ? rows.filter(shows) : rows;
    // A busy endpoint fills the samples from its last hour; a quiet one, or a rare weakness, needs the day.
    if (picked.length >= SAMPLES) break;
  }
  return picked.slice(0, SAMPLES).map(({ path, query, anonymous: _a, sensitive: _s, ...r }) => ({
    ...r,
    target: redactTarget(path, query),
  }));
}

/** The endpoint's latest stored requests up to its last sighting, at most SCAN of them, within the window. */
function readRequests(
  tx: Prisma.TransactionClient,
  tenantId: string,
  endpoint: { host: string; method: string; template: string },
  lastSeen: Date,
  windowMs: number,
): Promise<Row[]> {
  const from = new Date(lastSeen.getTime() - windowMs);
  const to = new Date(lastSeen.getTime() + 1_000);
  // Logs without a Host were grouped under their service or data source.
  return tx.$queryRaw<Row[]>(Sql.sql`
    SELECT upload_id AS "uploadId", line_no AS line, ts, method, host, path, query, status, host(client_ip) AS "clientIp",
      user_agent AS "userAgent", response_bytes::float8 AS "responseBytes",
      coalesce(jsonb_array_length(identities), 0) = 0 AS anonymous, sensitive
    FROM telemetry.events
    WHERE tenant_id = ${tenantId} AND ts >= ${from} AND ts < ${to} AND method = ${endpoint.method}
      AND (host = ${endpoint.host} OR (host IS NULL AND (service = ${endpoint.host} OR service IS NULL)))
      AND path ~ ${templatePattern(endpoint.template)}
    ORDER BY ts DESC
    LIMIT ${SCAN}`);
}
