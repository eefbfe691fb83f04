// Block and allow lists on the real database: canonical ranges, the allow
// list winning, expiry, the feeds' formats and cursor, the preview against
// stored traffic, and what belongs to another workspace.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { createTestServices, ingestLines, testWorkspace } from "../testing";
import { addAllow, listAllow } from "./allow-list";
import { addBlock, expireBlocks, listBlocks, removeBlock } from "./block-list";
import { previewBlock } from "./block-preview";
import { readFeed } from "./feeds";

const who = { actor: { id: "usr_test", label: "soc@blocks.test" } };
const at = (minute: number) => `[16/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000]`;
const LOG = [
  ...Array.from(
    { length: 30 },
    (_, i) => `203.0.113.${5 + (i % 3)} - alice ${at(i)} "GET /v1/orders/${i} HTTP/1.1" 200 512 "-" "curl/8.5"`,
  ),
  ...Array.from(
    { length: 5 },
    (_, i) => `198.51.100.9 - - ${at(i)} "GET /v1/catalog HTTP/1.1" 200 90 "-" "Mozilla/5.0"`,
  ),
];

describe("block and allow lists", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Blocks");
    otherTenantId = await testWorkspace(ctx, "Other");
    await ingestLines(ctx, tenantId, LOG, { source: "edge", formatSpec: { id: "combined" } });
  });
  afterAll(() => drop());

  it("writes ranges in canonical form and refuses what is no range or far too wide", async () => {
    const entry = await addBlock(ctx, tenantId, { kind: "cidr", value: "203.0.113.9/24", reason: "stuffing" }, who);
    expect(entry).toMatchObject({ value: "203.0.113.0/24", label: "203.0.113.0/24", list: "BLOCK" });
    expect(entry.expiresAt!.getTime() - entry.createdAt.getTime()).toBeGreaterThan(23.9 * 3_600_000);
    await expect(addBlock(ctx, tenantId, { kind: "cidr", value: "300.1.2.3", reason: "typo" }, who)).rejects.toThrow(
      /not an address or a range/,
    );
    await expect(addBlock(ctx, tenantId, { kind: "cidr", value: "10.0.0.0/4", reason: "wide" }, who)).rejects.toThrow(
      /too wide/,
    );
    await expect(
      addBlock(ctx, tenantId, { kind: "cidr", value: '1.2.3.4/32"; }', reason: "injection" }, who),
    ).rejects.toThrow(/not an address or a range/);
    // The same range again keeps one entry, with the later expiry.
    const again = await addBlock(
      ctx,
      tenantId,
      { kind: "cidr", value: "203.0.113.0/24", reason: "still at it", hours: 72 },
      who,
    );
    expect(again.id).toBe(entry.id);
    expect(again.expiresAt!.getTime()).toBeGreaterThan(entry.expiresAt!.getTime());
    expect((await listBlocks(ctx, tenantId, {})).map((e) => e.label)).toEqual(["203.0.113.0/24"]);
  });

  it("previews a block against the stored traffic of its last days", async () => {
    const range = await previewBlock(ctx, tenantId, { kind: "cidr", value: "203.0.113.0/24" });
    expect(range).toMatchObject({ requests: 30, addresses: 3, allowedBy: null });
    expect(range.userAgents).toEqual([{ agent: "curl/8.5", requests: 30 }]);
    const user = await previewBlock(ctx, tenantId, { kind: "remote_user", value: "alice" });
    expect(user).toMatchObject({ requests: 30, addresses: 3 });
    expect(await previewBlock(ctx, tenantId, { kind: "cidr", value: "192.0.2.1" })).toMatchObject({ requests: 0 });
  });

  it("lets the allow list win: it refuses blocks it covers and lifts those already made", async () => {
    const office = await addBlock(ctx, tenantId, { kind: "cidr", value: "198.51.100.9", reason: "scraper?" }, who);
    const allowed = await addAllow(
      ctx,
      tenantId,
      { kind: "cidr", value: "198.51.100.0/24", reason: "office VPN" },
      who,
    );
    expect(allowed.lifted).toEqual(["198.51.100.9/32"]);
    await expect(
      addBlock(ctx, tenantId, { kind: "cidr", value: "198.51.0.0/16", reason: "the whole ISP" }, who),
    ).rejects.toThrow(/allow list \(198\.51\.100\.0\/24: office VPN\)/);
    expect((await previewBlock(ctx, tenantId, { kind: "cidr", value: "198.51.100.9" })).allowedBy).toMatchObject({
      reason: "office VPN",
    });
    const removed = await listBlocks(ctx, tenantId, { status: "removed" });
    expect(removed.find((e) => e.id === office.id)).toMatchObject({ removedBy: "allow list: 198.51.100.0/24" });
    expect((await listAllow(ctx, tenantId)).map((a) => a.label)).toEqual(["198.51.100.0/24"]);
  });

  it("serves each gateway its format, and JSON changes since a cursor, expiry included", async () => {
    const start = await readFeed(ctx, tenantId, { format: "json" });
    await addBlock(ctx, tenantId, { kind: "basic_user", value: "mallory", reason: "shared password", hours: 1 }, who);
    await addBlock(
      ctx,
      tenantId,
      { kind: "api_key", value: "k7Hash", label: "API key pk_live… #k7Ha", reason: "leaked" },
      who,
    );
    const nginx = await readFeed(ctx, tenantId, { format: "nginx" });
    expect(nginx.contentType).toContain("text/plain");
    expect(nginx.body).toContain("    203.0.113.0/24 1;");
    expect(nginx.body).toContain('    "mallory" 1;');
    expect(nginx.body).not.toContain("k7Hash");
    expect(nginx.body).toContain("1 more (API keys, tokens, users this gateway cannot name) are in the JSON feed");
    expect(
      (await readFeed(ctx, tenantId, { format: "text" })).body.split("\n").filter((l) => !l.startsWith("#")),
    ).toEqual(["203.0.113.0/24", ""]);
    const kong = JSON.parse((await readFeed(ctx, tenantId, { format: "kong" })).body);
    expect(kong.config.deny).toEqual(["203.0.113.0/24"]);
    expect((await readFeed(ctx, tenantId, { format: "haproxy" })).body).toContain("203.0.113.0/24 blocked\n");

    const changes = JSON.parse((await readFeed(ctx, tenantId, { format: "json", since: start.cursor })).body);
    expect(changes.added.map((e: { label: string }) => e.label)).toEqual([
      "user (HTTP Basic) mallory",
      "API key pk_live… #k7Ha",
    ]);
    expect(changes.removed).toEqual([]);
    // An hour later mallory's block has expired: the next changes say to take it out.
    await withTenant(ctx.db, tenantId, (tx) => expireBlocks(tx, tenantId, new Date(Date.now() + 2 * 3_600_000)));
    const later = JSON.parse((await readFeed(ctx, tenantId, { format: "json", since: changes.cursor })).body);
    expect(later.added).toEqual([]);
    expect(later.removed.map((e: { label: string }) => e.label)).toEqual(["user (HTTP Basic) mallory"]);
    expect(BigInt(later.cursor)).toBeGreaterThan(BigInt(changes.cursor));
  });

  it("removes with an audit trail, and never touches or names another workspace's objects", async () => {
    const [entry] = await listBlocks(ctx, tenantId, {});
    await expect(removeBlock(ctx, otherTenantId, { entryId: entry!.id }, who)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const alert = await withTenant(ctx.db, tenantId, (tx) =>
      tx.alert.create({
        data: {
          id: "alr_blocks_test",
          tenantId,
          detector: "scanning",
          campaign: "c1",
          severity: "HIGH",
          confidence: 0.9,
          verdict: "ATTACK",
          title: "t",
          explanation: "e",
          measures: [],
          evidence: [],
          firstSeen: new Date(),
          lastSeen: new Date(),
        },
      }),
    );
    await expect(
      addBlock(ctx, otherTenantId, { kind: "cidr", value: "192.0.2.8", reason: "their alert", alertId: alert.id }, who),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await removeBlock(ctx, tenantId, { entryId: entry!.id }, who);
    const audit = await withTenant(ctx.db, tenantId, (tx) =>
      tx.auditLog.findMany({ where: { tenantId, action: { startsWith: "block." } }, orderBy: { createdAt: "asc" } }),
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["block.added", "block.extended", "block.removed"]),
    );
    expect(await readFeed(ctx, otherTenantId, { format: "text" })).toMatchObject({ cursor: "0" });
  });
});
