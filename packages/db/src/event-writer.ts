// Bulk writer for API events: COPY into telemetry.events, partitions created
// on demand. It runs on an owner connection (COPY FROM is refused on tables
// with row-level security for roles it applies to), so it sets tenant_id on
// every row itself, from the caller's tenant, never from the data.
import type pg from "pg";
import type { ApiEvent } from "@lantern/engine/normalize/event";
import { visibleDeep } from "@lantern/engine/normalize/visible-text";
import { strongestIdentityKey } from "@lantern/engine/detection/actors";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

/** A normalised event (the engine's model) and the line it came from. */
export type EventRow = ApiEvent & { lineNo: number };

/** The columns COPY fills, in the order of copyLine's fields. */
export const EVENT_COPY_COLUMNS = [
  "tenant_id",
  "ts",
  "upload_id",
  "line_no",
  "method",
  "scheme",
  "host",
  "path",
  "query",
  "protocol",
  "status",
  "request_bytes",
  "response_bytes",
  "latency_ms",
  "user_agent",
  "referer",
  "client_ip",
  "peer_ip",
  "via_proxy",
  "service",
  "upstream",
  "request_id",
  "identities",
  "jwt_issuer",
  "secret_in_url",
  "country",
  "sensitive",
  "entities",
  "tls",
  "actor_key",
];

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;

/**
 * COPY text format: backslash, tab, newline and carriage return escaped; \N
 * for NULL. NUL cannot be stored in text at all: the normaliser already shows
 * it as ␀ (visible-text.ts), and so does this last line of defence.
 */
function text(value: string | null): string {
  if (value === null) return "\\N";
  // Almost no value needs escaping; testing first saves five replaces per field.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, "\\\\")
    .replace(/\t/g, "\\t")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\0/g, "\u2400");
}

const num = (value: number | null) => (value === null ? "\\N" : String(value));
// jsonb refuses \u0000 and lone surrogates, which JSON.stringify writes as escapes; the normaliser leaves none.
const UNSTORABLE_JSON = /\\u(?:0000|d[89a-f])/i;
const json = (value: unknown[]) => {
  if (value.length === 0) return "\\N";
  const encoded = JSON.stringify(value);
  return text(UNSTORABLE_JSON.test(encoded) ? JSON.stringify(visibleDeep(value)) : encoded);
};
// Codes are [a-z_:] only, so the array literal needs no quoting.
const textArray = (value: string[]) => (value.length === 0 ? "\\N" : `{${value.join(",")}}`);
const isIp = (v: string | null) => (v && /^[0-9a-fA-F:.]+$/.test(v) ? v : null);

/** One row in COPY text format (what psql \copy reads too). `iso` is the event time as ISO 8601. */
export function copyLine(
  tenantId: string,
  uploadId: string,
  e: ApiEvent,
  lineNo: number,
  iso = new Date(e.ts).toISOString(),
): string {
  return (
    `${tenantId}\t${iso}\t${uploadId}\t${lineNo}\t${text(e.method)}\t${text(e.scheme)}\t${text(e.host)}\t${text(e.path)}\t` +
    `${json(e.query)}\t${text(e.protocol)}\t${num(e.status)}\t${num(e.requestBytes)}\t${num(e.responseBytes)}\t${num(e.latencyMs)}\t` +
    `${text(e.userAgent)}\t${text(e.referer)}\t${isIp(e.clientIp) ?? "\\N"}\t${isIp(e.peerIp) ?? "\\N"}\t${e.viaProxy}\t${text(e.service)}\t` +
    `${text(e.upstream)}\t${text(e.requestId)}\t${json(e.identities)}\t${text(e.jwtIssuer)}\t${e.secretInUrl}\t${text(e.country)}\t${textArray(e.sensitive)}\t${json(e.entities)}\t${text(e.tls)}\t` +
    `${text(strongestIdentityKey(e.identities))}\n`
  );
}

const CHUNK_BYTES = 1 << 20;

// The last second written, as ISO 8601 up to the seconds: logs are in time
// order, and Date#toISOString cost more than the rest of a row's encoding.
let isoSecond = Number.NaN;
let isoPrefix = "";

/** `new Date(ts).toISOString()`, working out the date and time once per second. */
export function isoTime(ts: number): string {
  const second = Math.floor(ts / 1000);
  if (second !== isoSecond) {
    const full = new Date(second * 1000).toISOString();
    // Years outside 0000–9999 are written with a sign and six digits: no fast path for those.
    if (full.length !== 24) return new Date(ts).toISOString();
    isoSecond = second;
    isoPrefix = full.slice(0, 20);
  }
  const ms = Math.floor(ts - second * 1000);
  return `${isoPrefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}

/** Rows already encoded for COPY, as one batch hands them to another (a parse thread's block to the upload's batch). */
export type EncodedRows = { rows: number; dayCounts: Map<string, number>; buffers: Uint8Array[] };

/**
 * Events encoded for COPY as they are accepted, straight into 1 MB buffers:
 * a batch waiting for its turn holds bytes outside the JS heap rather than
 * event objects or long string chains (both made the garbage collector the
 * biggest cost of ingestion), and the database can load one batch while the
 * next is being parsed.
 */
export class EventBatch {
  rows = 0;
  /** Rows per UTC day (YYYY-MM-DD): the days need partitions, the counts feed rollups. */
  readonly dayCounts = new Map<string, number>();
  private readonly chunks: Uint8Array[] = [];
  private current: Buffer | null = null;
  private used = 0;
  // The UTC day of the last row, kept as its bounds: most rows share a day.
  private dayStart = 0;
  private dayEnd = 0;
  private day = "";

  constructor(
    private readonly tenantId: string,
    private readonly uploadId: string,
  ) {}

  add(event: ApiEvent, lineNo: number): void {
    const iso = isoTime(event.ts);
    if (event.ts < this.dayStart || event.ts >= this.dayEnd) {
      this.dayStart = event.ts - (event.ts % 86_400_000);
      this.dayEnd = this.dayStart + 86_400_000;
      this.day = iso.slice(0, 10);
    }
    this.dayCounts.set(this.day, (this.dayCounts.get(this.day) ?? 0) + 1);
    const line = copyLine(this.tenantId, this.uploadId, event, lineNo, iso);
    // UTF-8 needs at most 3 bytes per UTF-16 unit; rows are far below a chunk.
    if (!this.current || this.used + line.length * 3 > this.current.length) {
      this.closeChunk();
      this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3));
    }
    this.used += this.current.write(line, this.used);
    this.rows++;
  }

  /** Takes rows encoded elsewhere, after the ones already here. */
  absorb(encoded: EncodedRows): void {
    this.closeChunk();
    this.chunks.push(...encoded.buffers);
    for (const [day, n] of encoded.dayCounts) this.dayCounts.set(day, (this.dayCounts.get(day) ?? 0) + n);
    this.rows += encoded.rows;
  }

  /** What absorb() takes: the rows, their days and the encoded bytes. */
  encoded(): EncodedRows {
    return { rows: this.rows, dayCounts: this.dayCounts, buffers: this.buffers() };
  }

  /** The encoded rows, in order. */
  buffers(): Uint8Array[] {
    return this.used ? [...this.chunks, this.current!.subarray(0, this.used)] : this.chunks;
  }

  private closeChunk(): void {
    if (this.used) this.chunks.push(this.current!.subarray(0, this.used));
    this.current = null;
    this.used = 0;
  }
}

/** The UTC days the rows fall on, as YYYY-MM-DD. */
export function daysOf(rows: { ts: number }[]): string[] {
  return [...new Set(rows.map((r) => new Date(r.ts).toISOString().slice(0, 10)))].sort();
}

export async function ensurePartitions(client: pg.PoolClient | pg.Client, days: Iterable<string>): Promise<void> {
  for (const day of days) await client.query("SELECT telemetry.ensure_event_partition($1::date)", [day]);
}

/** Writes a batch with COPY on `client`, inside whatever transaction the caller holds. */
export async function copyBatch(client: pg.PoolClient | pg.Client, batch: EventBatch): Promise<void> {
  if (batch.rows === 0) return;
  const stream = client.query(copyFrom(`COPY telemetry.events (${EVENT_COPY_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(batch.buffers()), stream);
}

/** Writes rows with COPY on `client` (for callers holding events rather than a batch). */
export async function copyEvents(
  client: pg.PoolClient | pg.Client,
  tenantId: string,
  uploadId: string,
  rows: EventRow[],
): Promise<void> {
  const batch = new EventBatch(tenantId, uploadId);
  for (const row of rows) batch.add(row, row.lineNo);
  await copyBatch(client, batch);
}
