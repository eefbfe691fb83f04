// Bulk writer for API events: COPY into telemetry.events, partitions created
// on demand. It runs on an owner connection (COPY FROM is refused on tables
// with row-level security for roles it applies to), so it sets tenant_id on
// every row itself, from the caller's tenant, never from the data.
import type pg from "pg";
import type { ApiEvent } from "@lantern/engine/normalize/event";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

/** A normalised event (the engine's model) and the line it came from. */
export type EventRow = ApiEvent & { lineNo: number };

const COLUMNS = [
  "tenant_id", "ts", "upload_id", "line_no", "method", "scheme", "host", "path", "query", "protocol", "status", "request_bytes",
  "response_bytes", "latency_ms", "user_agent", "referer", "client_ip", "peer_ip", "via_proxy", "service", "upstream",
  "request_id", "identities", "jwt_issuer", "secret_in_url", "country",
];

/** COPY text format: backslash, tab, newline and carriage return escaped; \N for NULL. */
function field(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

const isIp = (v: string | null) => (v && /^[0-9a-fA-F:.]+$/.test(v) ? v : null);

function copyLine(tenantId: string, uploadId: string, e: EventRow): string {
  return (
    [
      tenantId, new Date(e.ts).toISOString(), uploadId, e.lineNo, e.method, e.scheme, e.host, e.path,
      Array.isArray(e.query) && e.query.length === 0 ? null : e.query, e.protocol, e.status, e.requestBytes,
      e.responseBytes, e.latencyMs, e.userAgent, e.referer, isIp(e.clientIp), isIp(e.peerIp), e.viaProxy, e.service,
      e.upstream, e.requestId, Array.isArray(e.identities) && e.identities.length === 0 ? null : e.identities, e.jwtIssuer,
      e.secretInUrl, e.country,
    ]
      .map(field)
      .join("\t") + "\n"
  );
}

/** The UTC days the rows fall on, as YYYY-MM-DD. */
export function daysOf(rows: { ts: number }[]): string[] {
  return [...new Set(rows.map((r) => new Date(r.ts).toISOString().slice(0, 10)))].sort();
}

export async function ensurePartitions(client: pg.PoolClient | pg.Client, days: string[]): Promise<void> {
  for (const day of days) await client.query("SELECT telemetry.ensure_event_partition($1::date)", [day]);
}

/** Writes rows with COPY on `client`, inside whatever transaction the caller holds. */
export async function copyEvents(client: pg.PoolClient | pg.Client, tenantId: string, uploadId: string, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY telemetry.events (${COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(rowsAsLines(tenantId, uploadId, rows)), stream);
}

function* rowsAsLines(tenantId: string, uploadId: string, rows: EventRow[]): Generator<string> {
  // Batches of lines keep the number of stream writes low.
  let buffer = "";
  for (const row of rows) {
    buffer += copyLine(tenantId, uploadId, row);
    if (buffer.length > 256 * 1024) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}
