// The bad-input corpus (packages/engine/fixtures/hostile): every file ends in
// the outcome cases.json gives, through the real ingestion and database.
import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { processUpload } from "./process-upload";
import { spoolToDisk } from "./spool";
import { createUpload, getUpload } from "./uploads";

const DIR = new URL("../../../engine/fixtures/hostile/", import.meta.url);
type Case = {
  file: string;
  status: string;
  linesAccepted?: number;
  linesRejected?: number;
  rejectReasons?: Record<string, number>;
  error?: string;
  notice?: string;
  someAccepted?: boolean;
};
const { cases } = JSON.parse(readFileSync(new URL("cases.json", DIR), "utf8")) as { cases: Case[] };

describe("the bad-input corpus", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "C", email: "c@corpus.test", password: "corpus password", workspaceName: "Corpus" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("names every file of the corpus", () => {
    const files = readdirSync(DIR).filter((f) => !["README.md", "cases.json", "build.ts"].includes(f));
    expect(cases.map((c) => c.file).sort()).toEqual(files.sort());
  });

  for (const c of cases) {
    it(`${c.file}: ${c.status.toLowerCase()}${c.error ? `, "${c.error}"` : ""}`, async () => {
      const file = await spoolToDisk(
        Readable.from([readFileSync(new URL(c.file, DIR))]),
        ctx.config.dataDir,
        tenantId,
        1e9,
      );
      const created = await createUpload(ctx, tenantId, { source: "corpus", fileName: c.file, via: "api" }, file);
      await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, created.id);
      const upload = await getUpload(ctx, tenantId, created.id);
      expect(upload.status).toBe(c.status);
      if (c.linesAccepted !== undefined) expect(upload.linesAccepted).toBe(c.linesAccepted);
      if (c.linesRejected !== undefined) expect(upload.linesRejected).toBe(c.linesRejected);
      if (c.rejectReasons) expect(upload.rejectReasons).toEqual(c.rejectReasons);
      if (c.someAccepted) expect(upload.linesAccepted).toBeGreaterThan(0);
      expect(upload.error ?? "").toMatch(new RegExp(c.error ?? "^$"));
      if (c.notice) expect(upload.notice).toMatch(new RegExp(c.notice));
      // Whatever happened, nothing is left polluted or pending.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(["RECEIVED", "PROCESSING"]).not.toContain(upload.status);
    }, 60_000);
  }
});
