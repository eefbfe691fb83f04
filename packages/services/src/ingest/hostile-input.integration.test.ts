// Attackers write the logs we read: every probe sent to a customer's API is
// a line here. These files must complete with every valid line stored.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { processUpload } from "./process-upload";
import type { ReadLimits } from "./read-limits";
import { spoolToDisk } from "./spool";
import { createUpload, getUpload } from "./uploads";

const HONEYPOT = fileURLToPath(new URL("../../../engine/fixtures/hostile/honeypot-2004-apache.log", import.meta.url));
const NUL = "\u0000";

describe("hostile input", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  const ingest = async (content: Buffer | string, limits?: Partial<ReadLimits>, batchLines = 50) => {
    const file = await spoolToDisk(
      Readable.from([Buffer.from(content)]),
      ctx.config.dataDir,
      tenantId,
      50 * 1024 * 1024,
    );
    const upload = await createUpload(ctx, tenantId, { source: "hostile", fileName: "access.log", via: "api" }, file);
    const outcome = await processUpload(
      { db: ctx.db, secret: ctx.config.secret, batchLines, limits },
      tenantId,
      upload.id,
    );
    return { upload: await getUpload(ctx, tenantId, upload.id), outcome };
  };
  const stored = (uploadId: string) =>
    withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<
          {
            line_no: number;
            path: string;
            query: { name: string; value: string }[] | null;
            user_agent: string | null;
            referer: string | null;
            identities: unknown;
          }[]
        >`
        SELECT line_no, path, query, user_agent, referer, identities FROM telemetry.events WHERE upload_id = ${uploadId} ORDER BY line_no`,
    );

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "H", email: "h@hostile.test", password: "hostile password", workspaceName: "Hostile" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("a real 2004 honeypot log with %00 probes and raw binary overflow requests completes with every request stored", async () => {
    const text = readFileSync(HONEYPOT);
    const lines = text.toString("latin1").split("\n").filter(Boolean);
    // Nikto sent request lines with no method Apache could read ("GET!not found /cfdocs/…", answered 400): not requests to count.
    const noRequest = lines.filter((l) => l.includes('"GET!not found')).length;
    expect(noRequest).toBe(4);
    const { upload, outcome } = await ingest(text);
    expect(outcome).toEqual({
      status: "COMPLETED",
      linesRead: 171,
      linesAccepted: 171 - noRequest,
      linesRejected: noRequest,
    });
    expect(upload.rejectReasons).toEqual({ bad_request_line: noRequest });
    // 2004 is far older than the workspace's 30-day retention: kept for analysis, and the uploader is told until when.
    expect(upload.notice).toMatch(
      /^Its events date from 21 Apr 2004 to 22 Apr 2004, older than this workspace's 30-day retention: they are kept for analysis for 30 days from this upload, until \d{1,2} \w{3} \d{4}, then deleted\.$/,
    );
    const until = new Date(`${/until (.*), then/.exec(upload.notice!)![1]!} UTC`).getTime();
    expect(Math.abs(until - (Date.now() + 30 * 86_400_000))).toBeLessThan(2 * 86_400_000);
    const rows = await stored(upload.id);
    expect(rows).toHaveLength(171 - noRequest);
    // The %00 probes: the decoded NUL is shown as ␀.
    const passwd = rows.filter((r) => r.query?.some((q) => q.value.endsWith("etc/passwd␀")));
    expect(passwd.length).toBe(lines.filter((l) => /passwd%00/.test(l)).length);
    // The WebDAV overflow probes are kept: bytes that are not UTF-8 become \xNN as Apache writes them, which the parser reads (0xb1 → ±); controls are shown (0x90 → \x90, 0x02 → ␂).
    const search = rows.filter((r) => r.path.startsWith("/\\x90␂±␂"));
    expect(search.length).toBe(lines.filter((l) => l.includes('"SEARCH /')).length);
    expect(search.length).toBeGreaterThan(0);
  });

  it("NUL in every field of an access-log line, beside valid lines: the batch completes and every line is stored", async () => {
    const valid = (i: number) =>
      `198.51.100.${i} - alice [22/Nov/2026:10:00:0${i} +0000] "GET /v1/orders/${i} HTTP/1.1" 200 12 "https://app.example/" "curl/8.0"`;
    const hostile = [
      `198.51.100.9 - r${NUL}oot [22/Nov/2026:10:00:09 +0000] "GET /etc/passwd${NUL}.jpg?file=a${NUL}b&x=%00 HTTP/1.1" 404 12 "https://e${NUL}vil/" "Mo${NUL}zilla"`,
      `198.51.100.9 - - [22/Nov/2026:10:00:09 +0000] "GET /a%00b?q=%00 HTTP/1.1" 404 12 "-" "-"`,
      `garbage ${NUL}${NUL} not a log line`,
    ];
    const { upload, outcome } = await ingest([valid(1), ...hostile, valid(2), valid(3)].join("\n"));
    expect(outcome).toMatchObject({ status: "COMPLETED", linesRead: 6, linesAccepted: 5, linesRejected: 1 });
    const rows = await stored(upload.id);
    expect(rows.map((r) => r.line_no)).toEqual([1, 2, 3, 5, 6]);
    expect(rows[1]).toMatchObject({ path: "/etc/passwd␀.jpg", user_agent: "Mo␀zilla", referer: "https://e␀vil/" });
    expect(rows[1]!.query).toEqual([
      { name: "file", value: "a␀b" },
      { name: "x", value: "␀" },
    ]);
    expect(rows[1]!.identities).toEqual([expect.objectContaining({ kind: "remote_user", value: "r␀oot" })]);
    expect(rows[2]).toMatchObject({ path: "/a%00b", query: [{ name: "q", value: "␀" }] });
    // The rejected line's sample shows its NULs too (it is stored as JSON, which refuses them).
    expect(upload.rejectSamples).toEqual([{ reason: "format_mismatch", line: 4, sample: "garbage ␀␀ not a log line" }]);
  });

  it("NUL and lone surrogates in every field of JSON lines, headers and claims included", async () => {
    const jwtClaims = Buffer.from(JSON.stringify({ sub: `user${NUL}1`, org_id: `org${NUL}7` })).toString("base64url");
    const line = (i: number, extra: Record<string, unknown>) =>
      JSON.stringify({
        timestamp: `2026-11-22T10:00:0${i}Z`,
        method: "POST",
        path: `/v1/items/${i}`,
        status: 201,
        remote_addr: "203.0.113.5",
        user_agent: "app/1.0",
        request_id: `r-${i}`,
        bytes_sent: 10,
        ...extra,
      });
    const content = [
      line(1, {}),
      line(2, {
        path: `/v1/items/${NUL}\ud800`,
        user_agent: `a${NUL}b`,
        request_id: `r${NUL}`,
        headers: {
          authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.${jwtClaims}.c2ln`,
          "x-api-key": `k${NUL}ey-0123456789abcdef`,
        },
      }),
      line(3, { method: `P${NUL}ST`, host: `h${NUL}ost` }),
      line(4, {}),
    ].join("\n");
    const { upload, outcome } = await ingest(content);
    expect(outcome).toMatchObject({ status: "COMPLETED", linesAccepted: 4, linesRejected: 0 });
    const rows = await stored(upload.id);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatchObject({ path: "/v1/items/␀\ufffd", user_agent: "a␀b" });
    expect(JSON.stringify(rows[1]!.identities)).toContain("user␀1");
  });

  it("a 48 KB .gz of 20 log lines and 50 million empty lines stops at 200 times its size, keeps the 20 events and says why", async () => {
    const head = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8")
      .split("\n")
      .slice(0, 20)
      .join("\n");
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${head}\n`), Buffer.alloc(50_000_000, 0x0a)]), { level: 9 });
    expect(bomb.length).toBeLessThan(60_000);
    const cpu = process.cpuUsage();
    const { upload, outcome } = await ingest(bomb, undefined, 20_000);
    const used = process.cpuUsage(cpu);
    expect(outcome).toMatchObject({ status: "COMPLETED", linesAccepted: 20, linesRejected: 0 });
    // Read up to 200 × ~48 KB ≈ 9.5 MB, not 50 MB: the lines read are bounded by the compressed size.
    expect(outcome.linesRead).toBeLessThan(bomb.length * 200);
    // (The 2015 lines are also older than the retention, which the notice goes on to say.)
    expect(upload.notice).toMatch(
      /^Stopped: the compressed file expanded to more than 200 times its size, which access logs never do \(it looks like a decompression bomb, or a log of empty or identical lines\)\. The first [\d,]+ lines were read and analysed; the rest was not read\. Its events date from 17 May 2015/,
    );
    expect(upload.progress).toBe(1);
    // Bounded CPU: the whole 50-million-line file took 14 s before the limit.
    expect((used.user + used.system) / 1e6).toBeLessThan(10);
  });

  it("a file over the line limit stops there, keeps what it read and says how to send the rest", async () => {
    const lines = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8")
      .split("\n")
      .slice(0, 300)
      .join("\n");
    const { upload, outcome } = await ingest(lines, { maxLines: 120 });
    expect(outcome).toMatchObject({ status: "COMPLETED", linesRead: 120, linesAccepted: 120 });
    expect(upload.notice).toContain(
      "Stopped at 120 lines, the most one upload may hold. The first 120 lines were read and analysed; the rest was not read. Split the file to send the rest.",
    );
  });

  it("lines dated more than two days ahead are rejected as a wrong clock, the rest kept", async () => {
    const at = (d: Date) => d.toISOString();
    const line = (d: Date) =>
      JSON.stringify({ timestamp: at(d), method: "GET", path: "/v1/ping", status: 200, remote_addr: "203.0.113.9" });
    const soon = new Date(Date.now() + 3_600_000);
    const { upload, outcome } = await ingest(
      [line(new Date()), line(soon), line(new Date("2031-01-01T00:00:00Z"))].join("\n"),
    );
    expect(outcome).toMatchObject({ status: "COMPLETED", linesAccepted: 2, linesRejected: 1 });
    expect(upload.rejectReasons).toEqual({ future_timestamp: 1 });
    expect(upload.notice).toBeNull();
  });
});
