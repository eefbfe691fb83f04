// Property-based, against the real Postgres: every event the parsers and the
// normaliser make of hostile lines goes into telemetry.events through COPY,
// and so does an event with hostile text in every text and JSON field (the
// encoder is the last wall if the normaliser ever lets something through).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord, type ApiEvent } from "@lantern/engine/normalize/event";
import { anyText, formatSamples, FUZZ, hostileFragment, hostileLines } from "@lantern/engine/testing/hostile";
import { copyBatch, daysOf, ensurePartitions, EventBatch } from "./event-writer";
import { newId } from "./ids";
import { createTestDatabase, type TestDatabase } from "./testing";

const tenantId = newId("tenant");
const uploadId = newId("upload");

describe("the COPY encoder against Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  /** COPYs the events in a transaction that is rolled back; returns the rows Postgres held. */
  async function copyAndCount(events: ApiEvent[]): Promise<number> {
    const client = await t.db.unsafeBulkPool.connect();
    try {
      await ensurePartitions(client, daysOf(events));
      await client.query("BEGIN");
      const batch = new EventBatch(tenantId, uploadId);
      for (const [i, e] of events.entries()) batch.add(e, i + 1);
      await copyBatch(client, batch);
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM telemetry.events WHERE upload_id = $1",
        [uploadId],
      );
      return Number(rows[0]!.n);
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  }

  it("every event normalised from hostile lines of every format is accepted", async () => {
    const samples = formatSamples();
    const events = fc.oneof(
      ...samples.map((sample) =>
        fc.array(hostileLines(sample), { minLength: 1, maxLength: 8 }).map((lines) => {
          const parser = createParser(sample.spec);
          for (const header of (sample as { header?: string[] }).header ?? []) parser.parseLine(header);
          return lines.flatMap((line) => {
            const parsed = parser.parseLine(line);
            if (parsed.ok !== true) return [];
            const normalized = normalizeRecord(parsed.record, { tenantKey: "fuzz" }, line);
            return normalized.ok ? [normalized.event] : [];
          });
        }),
      ),
    );
    let copied = 0;
    await fc.assert(
      fc.asyncProperty(events, async (batch) => {
        expect(await copyAndCount(batch)).toBe(batch.length);
        copied += batch.length;
      }),
      { ...FUZZ, numRuns: 150 },
    );
    // The property held over real rows, not over empty batches.
    expect(copied).toBeGreaterThan(100);
  });

  it("an event with hostile text in every text and JSON field is accepted, NUL shown as ␀", async () => {
    const hostile = fc.oneof(hostileFragment, anyText);
    const event = fc
      .record({
        method: hostile,
        scheme: hostile,
        host: hostile,
        path: hostile,
        protocol: hostile,
        tls: hostile,
        userAgent: hostile,
        referer: hostile,
        service: hostile,
        upstream: hostile,
        requestId: hostile,
        jwtIssuer: hostile,
        country: hostile,
        queryName: hostile,
        queryValue: hostile,
        identity: hostile,
        entity: hostile,
      })
      .map(
        (f): ApiEvent => ({
          ts: Date.UTC(2026, 10, 22, 10),
          method: f.method,
          scheme: f.scheme,
          host: f.host,
          path: f.path,
          protocol: f.protocol,
          tls: f.tls,
          status: 200,
          requestBytes: 1,
          responseBytes: 2,
          latencyMs: 3,
          userAgent: f.userAgent,
          referer: f.referer,
          clientIp: "198.51.100.7",
          peerIp: null,
          country: f.country,
          viaProxy: false,
          service: f.service,
          upstream: f.upstream,
          requestId: f.requestId,
          jwtIssuer: f.jwtIssuer,
          query: [{ name: f.queryName, value: f.queryValue }],
          identities: [{ kind: "jwt_sub", value: f.identity, source: "jwt" }],
          entities: [{ name: "org_id", value: f.entity }],
          secretInUrl: false,
          sensitive: [],
        }),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 5 }), async (batch) => {
        expect(await copyAndCount(batch)).toBe(batch.length);
      }),
      { ...FUZZ, numRuns: 150 },
    );
    const nul: ApiEvent = {
      ...fc.sample(event, { seed: 1, numRuns: 1 })[0]!,
      path: "/etc/passwd\u0000",
      userAgent: "a\u0000b",
    };
    const client = await t.db.unsafeBulkPool.connect();
    try {
      await ensurePartitions(client, daysOf([nul]));
      await client.query("BEGIN");
      const batch = new EventBatch(tenantId, uploadId);
      batch.add(nul, 1);
      await copyBatch(client, batch);
      const { rows } = await client.query("SELECT path, user_agent FROM telemetry.events WHERE upload_id = $1", [
        uploadId,
      ]);
      expect(rows).toEqual([{ path: "/etc/passwd␀", user_agent: "a␀b" }]);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
