import { sharedData } from "@lantern/engine/testing/shared-data";
import { existsSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { processUpload } from "./process-upload";
import { spoolToDisk } from "./spool";
import { createUpload, getUpload } from "./uploads";

const REAL_LOG = sharedData("real/apache-semicomplete-2015.log");

describe("ingesting uploads", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  const ingest = async (
    content: Buffer | string,
    options: { fileName?: string; formatSpec?: FormatSpec; tenant?: string } = {},
  ) => {
    const tenant = options.tenant ?? tenantId;
    const file = await spoolToDisk(Readable.from([Buffer.from(content)]), ctx.config.dataDir, tenant, 50 * 1024 * 1024);
    const upload = await createUpload(
      ctx,
      tenant,
      { source: "test", fileName: options.fileName ?? "access.log", via: "api", formatSpec: options.formatSpec },
      file,
    );
    return upload;
  };
  const deps = () => ({ db: ctx.db, secret: ctx.config.secret, batchLines: 1_000 });
  const eventCount = (tenant: string, uploadId?: string) =>
    withTenant(ctx.db, tenant, async (tx) => {
      const rows = await tx.$queryRaw<{ n: bigint; distinct_lines: bigint }[]>`
        SELECT count(*) AS n, count(DISTINCT (upload_id, line_no)) AS distinct_lines FROM telemetry.events
        WHERE ${uploadId ?? null}::text IS NULL OR upload_id = ${uploadId ?? null}`;
      return { n: Number(rows[0]!.n), distinct: Number(rows[0]!.distinct_lines) };
    });

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "I", email: "i@ingest.test", password: "ingest password", workspaceName: "Ingest" },
        testMeta,
      )
    ).workspace.tenantId;
    otherTenantId = (
      await signUp(
        ctx,
        { name: "O", email: "o@ingest.test", password: "other password!", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("the real 2015 Apache log: detected, 9,999 events, the truncated line rejected with a sample, readiness 45", async () => {
    const upload = await ingest(readFileSync(REAL_LOG));
    const outcome = await processUpload(deps(), tenantId, upload.id);
    expect(outcome).toEqual({ status: "COMPLETED", linesRead: 10_000, linesAccepted: 9_999, linesRejected: 1 });
    const view = await getUpload(ctx, tenantId, upload.id);
    expect(view).toMatchObject({
      status: "COMPLETED",
      formatSpec: { id: "combined" },
      detectedConfidence: 1,
      rejectReasons: { format_mismatch: 1 },
      rejectSamples: [{ reason: "format_mismatch", line: 8899, sample: expect.stringContaining("46.118.127.106") }],
      timeFrom: new Date("2015-05-17T10:05:00Z"),
      progress: 1,
    });
    expect(view.timeTo?.toISOString()).toMatch(/^2015-05-20T21:05/);
    expect((view.readiness as { score: number }).score).toBe(45);
    expect(await eventCount(tenantId, upload.id)).toEqual({ n: 9_999, distinct: 9_999 });
    // The spooled copy is removed once the upload is done.
    const stored = await ctx.db.system.upload.findUniqueOrThrow({
      where: { id: upload.id },
      select: { storagePath: true },
    });
    expect(existsSync(stored.storagePath)).toBe(false);
    // Client countries come from the offline table: the log's first client, 83.149.9.216, is in Russia.
    const countries = await withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<
          { country: string | null; n: bigint }[]
        >`SELECT country, count(*) AS n FROM telemetry.events WHERE upload_id = ${upload.id} GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(countries.filter((c) => c.country === null).reduce((s, c) => s + Number(c.n), 0)).toBeLessThan(100);
    expect(countries[0]).toMatchObject({ country: "US" });
    const first = await withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<
          { country: string }[]
        >`SELECT country FROM telemetry.events WHERE upload_id = ${upload.id} AND line_no = 1`,
    );
    expect(first[0]?.country).toBe("RU");
    // Row-level security: the other workspace sees none of it.
    expect((await eventCount(otherTenantId)).n).toBe(0);
  });

  it("the same file again is a duplicate and adds nothing", async () => {
    const before = await eventCount(tenantId);
    const again = await ingest(readFileSync(REAL_LOG), { fileName: "copy.log" });
    expect(again.status).toBe("DUPLICATE");
    expect(await processUpload(deps(), tenantId, again.id)).toMatchObject({ status: "SKIPPED" });
    expect(await eventCount(tenantId)).toEqual(before);
  });

  it("a run that dies half-way through a .gz resumes after the last commit: no line lost, none twice", async () => {
    const gz = gzipSync(
      readFileSync(REAL_LOG)
        .toString("utf8")
        .replace(/ HTTP\/1\.1"/g, ' HTTP/1.0"'),
    );
    const upload = await ingest(gz, { fileName: "access.log.gz", tenant: otherTenantId });
    const crash = new Error("worker killed");
    const crashing = {
      ...deps(),
      afterCommit: (linesRead: number) => {
        if (linesRead >= 3_000) throw crash;
      },
    };
    await expect(processUpload(crashing, otherTenantId, upload.id)).rejects.toBe(crash);
    const halfway = await getUpload(ctx, otherTenantId, upload.id);
    expect(halfway).toMatchObject({ status: "PROCESSING", linesRead: 3_000 });
    expect((await eventCount(otherTenantId, upload.id)).n).toBe(3_000);

    expect(await processUpload(deps(), otherTenantId, upload.id)).toEqual({
      status: "COMPLETED",
      linesRead: 10_000,
      linesAccepted: 9_999,
      linesRejected: 1,
    });
    expect(await eventCount(otherTenantId, upload.id)).toEqual({ n: 9_999, distinct: 9_999 });
    // Running the finished job once more changes nothing.
    expect(await processUpload(deps(), otherTenantId, upload.id)).toMatchObject({ status: "SKIPPED" });
    expect((await eventCount(otherTenantId, upload.id)).n).toBe(9_999);
  });

  it("an upload run in turns reports the same readiness as one run at once, even when a turn ends exactly at the end", async () => {
    const head = `${readFileSync(REAL_LOG, "utf8").split("\n").slice(0, 2_000).join("\n")}\n`;
    const once = await ingest(head, { fileName: "head.log", tenant: otherTenantId });
    await processUpload(deps(), otherTenantId, once.id);
    const turns = await ingest(head, { fileName: "head.log" });
    const inTurns = { ...deps(), sliceLines: 1_000, shouldYield: async () => true };
    expect(await processUpload(inTurns, tenantId, turns.id)).toMatchObject({ status: "CONTINUE", linesRead: 1_000 });
    expect(await processUpload(inTurns, tenantId, turns.id)).toMatchObject({ status: "CONTINUE", linesRead: 2_000 });
    expect(await processUpload(inTurns, tenantId, turns.id)).toEqual({
      status: "COMPLETED",
      linesRead: 2_000,
      linesAccepted: 2_000,
      linesRejected: 0,
    });
    const [a, b] = [await getUpload(ctx, otherTenantId, once.id), await getUpload(ctx, tenantId, turns.id)];
    expect((b.readiness as { score: number }).score).toBe((a.readiness as { score: number }).score);
    expect((b.readiness as { score: number }).score).toBeGreaterThan(0);
    // With nobody waiting (shouldYield says no), a turn's end does not stop the run.
    const alone = await ingest(head.replace(/HTTP\/1\.1/g, "HTTP/1.0"), { fileName: "alone.log" });
    expect(
      await processUpload({ ...deps(), sliceLines: 500, shouldYield: async () => false }, tenantId, alone.id),
    ).toMatchObject({ status: "COMPLETED", linesRead: 2_000 });
  });

  it("a file full of secrets leaves none of them in any table", async () => {
    const secrets = [
      "sk_live_51HxSECRETinPATH7a8b9c0d",
      "qk_SECRETqueryKEY0123456789ab",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.SECRETsigSECRETsig",
      "hunter2-SECRET-password",
      "apikey-SECRET-header-0987654321",
      "sess-SECRET-cookie-5566778899",
    ];
    const format = `$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent "$http_authorization" "$http_x_api_key" "$http_cookie"`;
    const lines = Array.from(
      { length: 50 },
      (_, i) =>
        `198.51.100.${i} [2026-11-21T10:00:${String(i).padStart(2, "0")}+00:00] "GET /v1/keys/${secrets[0]}?api_key=${secrets[1]}&password=${secrets[3]}&n=${i} HTTP/1.1" 200 10 ` +
        `"Bearer ${secrets[2]}" "${secrets[4]}" "sessionid=${secrets[5]}"`,
    );
    // One broken line too: rejected samples are redacted as well.
    lines.push(`garbage ${secrets[1]} Bearer ${secrets[2]} password=${secrets[3]}`);
    const upload = await ingest(lines.join("\n"), { formatSpec: { id: "nginx", logFormat: format } });
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({
      status: "COMPLETED",
      linesAccepted: 50,
      linesRejected: 1,
    });

    const tables = await ctx.db.system.$queryRaw<{ schemaname: string; tablename: string }[]>`
      SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'telemetry')`;
    expect(tables.length).toBeGreaterThan(5);
    for (const { schemaname, tablename } of tables) {
      const rows = await ctx.db.system.$queryRawUnsafe<{ row: unknown }[]>(
        `SELECT row_to_json(t) AS row FROM "${schemaname}"."${tablename}" t`,
      );
      const dump = JSON.stringify(rows);
      for (const secret of secrets) expect(dump, `${secret} in ${schemaname}.${tablename}`).not.toContain(secret);
    }
  });

  it("keeps the tenant a caller's token names with its event, and the token itself hashed", async () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "user-1", org_id: "acme-corp" })).toString("base64url")}.c2lnbmF0dXJl`;
    const format = `$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent "$http_authorization"`;
    const lines = [
      `198.51.100.7 [2026-11-21T10:00:00+00:00] "GET /v1/reports HTTP/1.1" 200 10 "Bearer ${token}"`,
      `198.51.100.8 [2026-11-21T10:00:01+00:00] "GET /v1/health HTTP/1.1" 200 2 "-"`,
    ];
    const upload = await ingest(lines.join("\n"), { formatSpec: { id: "nginx", logFormat: format } });
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({ status: "COMPLETED", linesAccepted: 2 });
    const rows = await withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<
          { entities: unknown; identities: string }[]
        >`SELECT entities, identities::text FROM telemetry.events WHERE upload_id = ${upload.id} ORDER BY line_no`,
    );
    expect(rows.map((r) => r.entities)).toEqual([[{ name: "org_id", value: "acme-corp" }], null]);
    expect(rows[0]!.identities).not.toContain(token);
  });

  it.each([
    ["an empty file", "", undefined, "The file is empty."],
    [
      "binary garbage",
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      undefined,
      "could not recognise the format",
    ],
    [
      "a format override that does not fit",
      '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\n',
      { id: "aws-alb" } as FormatSpec,
      "None of the 1 lines could be read as AWS Application Load Balancer",
    ],
  ])("%s fails with a clear message", async (_, content, formatSpec, message) => {
    const upload = await ingest(content, { formatSpec });
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({ status: "FAILED" });
    expect((await getUpload(ctx, tenantId, upload.id)).error).toContain(message);
  });

  it("a truncated .gz keeps what it could read and says so", async () => {
    const gz = gzipSync(readFileSync(REAL_LOG));
    const upload = await ingest(gz.subarray(0, Math.floor(gz.length / 2)), {
      fileName: "cut.log.gz",
      tenant: otherTenantId,
    });
    expect(await processUpload(deps(), otherTenantId, upload.id)).toMatchObject({ status: "FAILED" });
    const view = await getUpload(ctx, otherTenantId, upload.id);
    expect(view.error).toMatch(/damaged or cut short.*The first [\d,]+ lines were read and their events kept/);
    expect(view.linesRead).toBeGreaterThan(1_000);
    expect((await eventCount(otherTenantId, upload.id)).n).toBe(view.linesAccepted);
  });

  it("a configured CDN range counts as a proxy: the client is the first address outside it", async () => {
    const format = `$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent "$http_x_forwarded_for"`;
    const line = `203.0.113.5 [2026-11-21T10:00:00+00:00] "GET /v1/x HTTP/1.1" 200 10 "198.51.100.77, 203.0.113.9"`;
    const clientOf = async (content: string) => {
      const upload = await ingest(content, { formatSpec: { id: "nginx", logFormat: format } });
      await processUpload(deps(), tenantId, upload.id);
      const rows = await withTenant(
        ctx.db,
        tenantId,
        (tx) =>
          tx.$queryRaw<
            { ip: string }[]
          >`SELECT host(client_ip) AS ip FROM telemetry.events WHERE upload_id = ${upload.id}`,
      );
      return rows[0]?.ip;
    };
    expect(await clientOf(`${line}\n`)).toBe("203.0.113.5");
    await ctx.db.system.tenant.update({ where: { id: tenantId }, data: { trustedProxyCidrs: ["203.0.113.0/24"] } });
    expect(await clientOf(`${line}\n\n`)).toBe("198.51.100.77");
    await ctx.db.system.tenant.update({ where: { id: tenantId }, data: { trustedProxyCidrs: [] } });
  });

  it("JSON with field names detection cannot guess is read with the mapping the user gives", async () => {
    const lines = [1, 2, 3].map((i) =>
      JSON.stringify({
        when: `2026-11-21T10:00:0${i}.500Z`,
        verb: "POST",
        what: `/v2/orders/${i}`,
        outcome: 201,
        who: `198.51.100.${i}`,
      }),
    );
    const upload = await ingest(lines.join("\n"), {
      formatSpec: {
        id: "json",
        mapping: { time: "when", method: "verb", path: "what", status: "outcome", peerIp: "who" },
      },
    });
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({
      status: "COMPLETED",
      linesAccepted: 3,
      linesRejected: 0,
    });
    const rows = await withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<
          { method: string; path: string; status: number; ip: string }[]
        >`SELECT method, path, status, host(client_ip) AS ip FROM telemetry.events WHERE upload_id = ${upload.id} ORDER BY line_no`,
    );
    expect(rows[0]).toEqual({ method: "POST", path: "/v2/orders/1", status: 201, ip: "198.51.100.1" });
  });

  it("lines wrapped by Fluent Bit's json_lines output are unwrapped and parsed", async () => {
    const lines = readFileSync(REAL_LOG, "utf8").split("\n").slice(0, 100);
    const upload = await ingest(lines.map((l, i) => JSON.stringify({ date: 1700000000 + i, log: l })).join("\n"), {
      fileName: "fluent-bit.ndjson",
    });
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({
      status: "COMPLETED",
      linesAccepted: 100,
      linesRejected: 0,
    });
    expect((await getUpload(ctx, tenantId, upload.id)).formatSpec).toEqual({ id: "combined" });
  });

  it("mixed formats, an over-long line and a line of binary garbage are counted by reason", async () => {
    const apache = readFileSync(REAL_LOG, "utf8").split("\n").slice(0, 20);
    const alb = readFileSync(sharedData("formats/aws-alb.log"), "utf8").split("\n").filter(Boolean);
    const content = Buffer.concat([
      Buffer.from(
        `${[
          ...apache,
          ...alb,
          `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /${"a".repeat(70_000)} HTTP/1.1" 200 1 "-" "-"`,
        ].join("\n")}\n`,
      ),
      Buffer.from([0x31, 0x2e, 0x32, 0xff, 0xfe, 0x0a]),
    ]);
    const upload = await ingest(content);
    expect(await processUpload(deps(), tenantId, upload.id)).toMatchObject({
      status: "COMPLETED",
      linesAccepted: 20,
      linesRejected: 9,
    });
    const view = await getUpload(ctx, tenantId, upload.id);
    // The line that is not UTF-8 is read with its bytes as \xNN, then fails as what it is: not an access-log line.
    expect(view.rejectReasons).toEqual({ format_mismatch: 8, line_too_long: 1 });
    expect((view.rejectSamples as unknown[]).length).toBe(4);
  });
});
