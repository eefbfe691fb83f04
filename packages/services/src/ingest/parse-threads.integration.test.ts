// A large upload is judged on parse threads (parse-pool.ts): what is stored
// must be what the reading thread alone stores, line for line, and a run that
// dies half-way must resume as exactly.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { sharedData } from "@lantern/engine/testing/shared-data";
import type { ServiceContext } from "../context";
import { createTestServices, testWorkspace } from "../testing";
import { processUpload } from "./process-upload";
import { spoolToDisk } from "./spool";
import { createUpload, getUpload } from "./uploads";

const INLINE = { count: 0, fromBytes: 0 };
const TWO_THREADS = { count: 2, fromBytes: 0 };

/** A real log with what makes judging differ line by line: secrets, a token with a tenant claim, IPv6, rejects. */
function mixedLog(): string {
  const real = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8").trimEnd().split("\n");
  const claims = Buffer.from(JSON.stringify({ sub: "user-7", org_id: "acme" })).toString("base64url");
  const token = `eyJhbGciOiJIUzI1NiJ9.${claims}.c2lnbmF0dXJlMTIz`;
  const extra = [
    `2001:db8::7 - - [20/May/2015:21:05:10 +0000] "GET /v1/me?access_token=${token} HTTP/1.1" 200 10 "-" "curl/8"`,
    `81.2.69.160 - - [20/May/2015:21:05:11 +0000] "GET /v1/users?api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc HTTP/1.1" 200 10 "-" "curl/8"`,
    `81.2.69.160 - - [20/May/2015:21:05:12 +0000] "GET /%00/etc/passwd HTTP/1.1" 404 0 "-" "() { :; }; /bin/bash"`,
    "not a log line at all",
    `81.2.69.160 - - [20/May/2015:21:05:13 +0000] "GET /${"a".repeat(70_000)} HTTP/1.1" 404 0 "-" "-"`,
  ];
  // Spread over the file, so they fall in different blocks and threads.
  const lines = real.flatMap((line, i) => (i % 997 === 0 ? [line, ...extra] : [line]));
  return `${lines.join("\n")}\n`;
}

describe("parse threads", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  const ingest = async (content: string) => {
    const file = await spoolToDisk(Readable.from([Buffer.from(content)]), ctx.config.dataDir, tenantId, 50 << 20);
    return createUpload(ctx, tenantId, { source: "test", fileName: "access.log", via: "api" }, file);
  };
  const deps = (parseThreads: { count: number; fromBytes: number }) => ({
    db: ctx.db,
    secret: ctx.config.secret,
    batchLines: 1_500,
    parseThreads,
  });
  /** Every stored column but the upload's id, by line. */
  const storedEvents = (uploadId: string) =>
    withTenant(
      ctx.db,
      tenantId,
      (tx) =>
        tx.$queryRaw<{ row: Record<string, unknown> }[]>`
        SELECT to_jsonb(e) - 'upload_id' AS row FROM telemetry.events e WHERE upload_id = ${uploadId} ORDER BY line_no`,
    );
  const report = async (uploadId: string) => {
    const view = await getUpload(ctx, tenantId, uploadId);
    return {
      linesRead: view.linesRead,
      linesAccepted: view.linesAccepted,
      linesRejected: view.linesRejected,
      rejectReasons: view.rejectReasons,
      rejectSamples: view.rejectSamples,
      timeFrom: view.timeFrom,
      timeTo: view.timeTo,
      readiness: view.readiness,
      status: view.status,
    };
  };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Threads");
  });
  afterAll(() => drop());

  it("store what the reading thread alone stores, line for line, with the same report", async () => {
    const log = mixedLog();
    const alone = await ingest(log);
    // The same lines with a blank line after them: another file, and nothing more to judge.
    const threaded = await ingest(`${log}\n`);
    expect(await processUpload(deps(INLINE), tenantId, alone.id)).toMatchObject({ status: "COMPLETED" });
    expect(await processUpload(deps(TWO_THREADS), tenantId, threaded.id)).toMatchObject({ status: "COMPLETED" });

    const [a, b] = [await storedEvents(alone.id), await storedEvents(threaded.id)];
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
    const aloneReport = await report(alone.id);
    expect(aloneReport.linesRejected).toBe(1 + 2 * 11);
    expect({ ...(await report(threaded.id)), linesRead: aloneReport.linesRead }).toEqual(aloneReport);
    // Judged on a thread, and still looked up and hashed: the country, the tenant claim, no token in clear.
    const rows = a.map((r) => r.row);
    expect(rows.filter((r) => r.country !== null).length).toBeGreaterThan(9_000);
    expect(rows.some((r) => JSON.stringify(r.entities) === '[{"name":"org_id","value":"acme"}]')).toBe(true);
    expect(JSON.stringify(b)).not.toContain("sk_live_4eC39HqLyjWDarjtT1zdp7dc");
  });

  it("a run that dies half-way resumes after the last commit: no line lost, none twice", async () => {
    const upload = await ingest(`${mixedLog()}\n\n`);
    const crash = new Error("worker killed");
    const crashing = {
      ...deps(TWO_THREADS),
      afterCommit: (linesRead: number) => {
        if (linesRead >= 4_500) throw crash;
      },
    };
    await expect(processUpload(crashing, tenantId, upload.id)).rejects.toBe(crash);
    expect(await getUpload(ctx, tenantId, upload.id)).toMatchObject({ status: "PROCESSING", linesRead: 4_500 });

    const done = await processUpload(deps(TWO_THREADS), tenantId, upload.id);
    expect(done).toMatchObject({ status: "COMPLETED", linesRejected: 1 + 2 * 11 });
    const rows = await storedEvents(upload.id);
    expect(rows.length).toBe(done.linesAccepted);
    expect(new Set(rows.map((r) => r.row.line_no)).size).toBe(rows.length);
  });
});
