import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing";
import { withTenant } from "./client";
import { insertRows, updateRows } from "./bulk";
import { newId } from "./ids";

describe("bulk writes", () => {
  let t: TestDatabase;
  const a = newId("tenant");
  const b = newId("tenant");
  const service = { a: newId("service"), b: newId("service") };
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const tenantId of [a, b]) {
      await withTenant(t.db, tenantId, async (tx) => {
        await tx.tenant.create({ data: { id: tenantId, slug: tenantId, name: tenantId } });
        const at = new Date("2026-11-20T10:00:00Z");
        await tx.apiService.create({
          data: {
            id: tenantId === a ? service.a : service.b,
            tenantId,
            host: "api.example.com",
            firstSeen: at,
            lastSeen: at,
          },
        });
      });
    }
  });
  afterAll(() => t.drop());

  const endpoint = (tenantId: string, serviceId: string, template: string) => ({
    id: newId("endpoint"),
    tenantId,
    serviceId,
    method: "GET",
    template,
    firstSeen: new Date("2026-11-20T10:00:00Z"),
    lastSeen: new Date("2026-11-20T11:30:00Z"),
    calls: 12,
    direction: "north-south",
    stats: { calls: 12, nested: { ok: true } },
    sensitiveTypes: ["email", "card"],
  });

  it("inserts rows with dates in UTC, JSON and arrays intact, and updates them within their tenant only", async () => {
    const mine = [endpoint(a, service.a, "/orders"), endpoint(a, service.a, "/orders/{orderId}")];
    const theirs = endpoint(b, service.b, "/orders");
    await withTenant(t.db, a, (tx) => insertRows(tx, "api_endpoints", mine, { updatedAt: true }));
    await withTenant(t.db, b, (tx) => insertRows(tx, "api_endpoints", [theirs], { updatedAt: true }));
    const row = await withTenant(t.db, a, (tx) => tx.apiEndpoint.findUniqueOrThrow({ where: { id: mine[0]!.id } }));
    expect(row).toMatchObject({
      calls: 12n,
      direction: "north-south",
      stats: { calls: 12, nested: { ok: true } },
      sensitiveTypes: ["email", "card"],
    });
    expect(row.lastSeen.toISOString()).toBe("2026-11-20T11:30:00.000Z");

    // Tenant a names b's row: nothing happens to it.
    await withTenant(t.db, a, (tx) =>
      updateRows(tx, "api_endpoints", a, [
        { id: mine[1]!.id, calls: 99 },
        { id: theirs.id, calls: 99 },
      ]),
    );
    expect(
      (await withTenant(t.db, a, (tx) => tx.apiEndpoint.findUniqueOrThrow({ where: { id: mine[1]!.id } }))).calls,
    ).toBe(99n);
    expect(
      (await withTenant(t.db, b, (tx) => tx.apiEndpoint.findUniqueOrThrow({ where: { id: theirs.id } }))).calls,
    ).toBe(12n);
  });

  it("keeps quotes, backslashes, commas and braces in text and array columns, and missing keys as NULL", async () => {
    const odd = {
      ...endpoint(a, service.a, `/q/"{x}",\\y`),
      sensitiveTypes: ['a"b', "c\\d", "e,f", "{g}", "NULL"],
      stats: { s: 'x"\\' },
      version: "v1",
    };
    const bare = endpoint(a, service.a, "/bare");
    await withTenant(t.db, a, (tx) => insertRows(tx, "api_endpoints", [odd, bare], { updatedAt: true }));
    const rows = await withTenant(t.db, a, (tx) =>
      tx.apiEndpoint.findMany({ where: { id: { in: [odd.id, bare.id] } }, orderBy: { template: "asc" } }),
    );
    expect(rows.map((r) => r.template)).toEqual([`/bare`, `/q/"{x}",\\y`]);
    expect(rows[1]).toMatchObject({ sensitiveTypes: ['a"b', "c\\d", "e,f", "{g}", "NULL"], stats: { s: 'x"\\' } });
    expect(rows.map((r) => r.version)).toEqual([null, "v1"]);
  });

  it("cannot insert into another tenant", async () => {
    await expect(
      withTenant(t.db, a, (tx) =>
        insertRows(tx, "api_endpoints", [endpoint(b, service.b, "/refunds")], { updatedAt: true }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("refuses names that are not plain identifiers", async () => {
    await expect(
      withTenant(t.db, a, (tx) => insertRows(tx, "api_endpoints; DROP TABLE tenants", [{ id: "x" }])),
    ).rejects.toThrow(/bad table name/);
    await expect(
      withTenant(t.db, a, (tx) => updateRows(tx, "api_endpoints", a, [{ id: "x", 'calls" = 0, "tenantId': "y" }])),
    ).rejects.toThrow(/bad column name/);
  });
});
