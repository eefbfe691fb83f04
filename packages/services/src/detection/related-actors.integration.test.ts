// Related actors on the real database: an address two users shared, and an
// anonymous caller in the same /24 as an address linked to one of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { relatedActors } from "./related-actors";

const line = (ip: string, user: string, minute: number, ua: string) =>
  `${ip} - ${user} [20/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000] "GET /api/orders HTTP/1.1" 200 100 "-" "${ua}"`;

describe("related actors", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  const actorId = (label: string) =>
    withTenant(ctx.db, tenantId, async (tx) => (await tx.actor.findFirstOrThrow({ where: { tenantId, label } })).id);

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Related");
    await analyseLines(ctx, tenantId, [
      ...[0, 1, 2].map((i) => line("198.51.100.1", "alice", i, "alice-app/1.0")),
      ...[3, 4, 5].map((i) => line("198.51.100.2", "alice", i, "alice-app/1.0")),
      ...[6, 7, 8].map((i) => line("198.51.100.1", "bob", i, "bob-app/2.0")),
      ...[9, 10].map((i) => line("198.51.100.77", "-", i, "curl/8.0")),
      ...[11, 12].map((i) => line("203.0.113.5", "carol", i, "carol-app/3.0")),
    ]);
  });
  afterAll(() => drop());

  it("names the actors that shared an address with it or call from its networks, with why", async () => {
    const related = await relatedActors(ctx, tenantId, await actorId("user alice"));
    expect(related.map((r) => [r.label, r.reasons]).sort()).toEqual([
      ["198.51.100.77", ["calls from the same network 198.51.100.0/24"]],
      ["user bob", ["shares the address 198.51.100.1"]],
    ]);
    // The relation reads both ways; the unrelated stay apart.
    expect((await relatedActors(ctx, tenantId, await actorId("user bob"))).map((r) => r.label)).toContain("user alice");
    expect(await relatedActors(ctx, tenantId, await actorId("user carol"))).toEqual([]);
  });

  it("is 404 for another workspace's actor", async () => {
    const other = await testWorkspace(ctx, "Unrelated");
    await expect(relatedActors(ctx, other, await actorId("user alice"))).rejects.toThrow(/not found/i);
  });
});
