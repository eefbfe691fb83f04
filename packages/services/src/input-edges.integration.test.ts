// What a hostile or careless caller sends at the edges of the services:
// search text with LIKE's wildcards, and more uploads than a workspace may
// have waiting, whichever way they arrive.
import { Readable } from "node:stream";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@lantern/db/ids";
import { signUp } from "./accounts";
import type { ServiceContext } from "./context";
import { listActors } from "./detection/actors";
import { failUpload } from "./ingest/fail-upload";
import { MAX_PENDING_UPLOADS, receiveUpload } from "./ingest/uploads";
import { createTestServices, testMeta } from "./testing";

describe("input at the edges", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "E", email: "e@edges.test", password: "edges password", workspaceName: "Edges" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("a search for % or _ finds what contains them, not everything", async () => {
    const at = new Date("2026-11-22T10:00:00Z");
    for (const label of ["alice", "bob_smith", "100% legit", "back\\slash", "passwd␀"]) {
      await ctx.db.system.actor.create({
        data: {
          id: newId("actor"),
          tenantId,
          key: `jwt_sub:${label}`,
          kind: "jwt_sub",
          label,
          firstSeen: at,
          lastSeen: at,
        },
      });
    }
    const found = async (search: string) =>
      (await listActors(ctx, tenantId, { search })).rows.map((r) => r.label).sort();
    expect(await found("%")).toEqual(["100% legit"]);
    expect(await found("_")).toEqual(["bob_smith"]);
    expect(await found("\\")).toEqual(["back\\slash"]);
    expect(await found("b_b")).toEqual([]);
    expect(await found("ALI")).toEqual(["alice"]);
    // A control character is searched for as stored events show it.
    expect(await found("passwd\u0000")).toEqual(["passwd␀"]);
  });

  it(`a workspace with ${MAX_PENDING_UPLOADS} uploads waiting is refused another, whichever way it comes, until one finishes`, async () => {
    const send = (via: "dashboard" | "api" | "cli", i: number) =>
      receiveUpload(ctx, tenantId, Readable.from([Buffer.from(`line ${via} ${i}\n`)]), {
        source: "edge",
        fileName: `f${i}.log`,
        via,
      });
    const first: string[] = [];
    for (let i = 0; i < MAX_PENDING_UPLOADS; i++) first.push((await send("api", i)).id);
    const spool = join(ctx.config.dataDir, "uploads", tenantId);
    const filesBefore = readdirSync(spool).length;
    for (const via of ["dashboard", "cli", "api"] as const) {
      await expect(send(via, 1000)).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        retryAfterSeconds: 60,
        message: `${MAX_PENDING_UPLOADS} uploads are still waiting to be processed in this workspace; retry in a minute.`,
      });
    }
    // Refused before anything was written.
    expect(readdirSync(spool).length).toBe(filesBefore);
    // A failed upload frees its slot.
    await failUpload(ctx.db, tenantId, first[0]!, "test");
    await expect(send("dashboard", 2000)).resolves.toMatchObject({ status: "RECEIVED" });
  });
});
