import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing";
import { withTenant } from "./client";
import { newId } from "./ids";

// Tables that belong to a tenant, and the indexes allowed not to lead with
// tenantId because they serve lookups made before any tenant is known.
const TENANT_TABLES = ["memberships", "invitations", "api_tokens", "audit_logs", "uploads"];
const GLOBAL_LOOKUP_INDEXES = new Set([
  "memberships_userId_idx", // "which workspaces am I in?" at sign-in
  "invitations_tokenHash_key", // an invitation link presented by its holder
  "api_tokens_tokenHash_key", // a bearer token presented to /api/v1
]);

describe("row-level security for the application role", () => {
  let t: TestDatabase;
  const a = newId("tenant");
  const b = newId("tenant");
  beforeAll(async () => {
    t = await createTestDatabase();
    const user = await t.db.app.user.create({
      data: { id: newId("user"), email: "x@example.com", name: "X", passwordHash: "x" },
    });
    for (const tenantId of [a, b]) {
      await withTenant(t.db, tenantId, async (tx) => {
        await tx.tenant.create({ data: { id: tenantId, slug: tenantId, name: tenantId } });
        await tx.membership.create({ data: { id: newId("membership"), tenantId, userId: user.id, role: "OWNER" } });
      });
    }
  });
  afterAll(() => t.drop());

  it("runs as lantern_app, which is neither superuser nor able to bypass RLS", async () => {
    const [row] = await t.db.app.$queryRaw<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }[]>`
      SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`;
    expect(row).toEqual({ current_user: "lantern_app", rolsuper: false, rolbypassrls: false });
  });

  it("a query that forgets its tenant filter sees only the current tenant", async () => {
    const seen = await withTenant(t.db, a, (tx) => tx.membership.findMany({ select: { tenantId: true } }));
    expect(seen.map((m) => m.tenantId)).toEqual([a]);
  });

  it("outside a tenant transaction the application sees no tenant rows at all", async () => {
    expect(await t.db.app.membership.count()).toBe(0);
    expect(await t.db.app.tenant.count()).toBe(0);
    // The system client is the deliberate exception.
    expect(await t.db.system.membership.count()).toBe(2);
  });

  it("cannot write a row into another tenant", async () => {
    await expect(
      withTenant(t.db, a, (tx) =>
        tx.auditLog.create({ data: { id: newId("audit"), tenantId: b, actorLabel: "x", action: "test" } }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("every table with a tenantId column has RLS enabled, with a policy for the application role", async () => {
    const tables = await t.db.system.$queryRaw<{ table: string; rls: boolean; policies: bigint }[]>`
      SELECT c.relname AS "table", c.relrowsecurity AS rls,
        (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND 'lantern_app' = ANY(p.roles)) AS policies
      FROM information_schema.columns col JOIN pg_class c ON c.relname = col.table_name AND c.relkind = 'r'
      WHERE col.table_schema = 'public' AND col.column_name = 'tenantId'`;
    // At least the tables listed here, and every later one.
    expect(tables.map((x) => x.table)).toEqual(
      expect.arrayContaining([...TENANT_TABLES, "api_endpoints", "api_endpoint_hourly"]),
    );
    expect(tables.filter((x) => !x.rls || Number(x.policies) === 0)).toEqual([]);
  });

  it("the first tenant tables have indexes that lead with tenantId", async () => {
    const tables = await t.db.system.$queryRaw<{ relname: string; relrowsecurity: boolean }[]>`
      SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY(${TENANT_TABLES}) AND relkind = 'r'`;
    expect(tables).toHaveLength(TENANT_TABLES.length);
    for (const table of tables) expect(table, table.relname).toMatchObject({ relrowsecurity: true });

    const indexes = await t.db.system.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(${TENANT_TABLES}) AND indexname NOT LIKE '%_pkey'`;
    const offenders = indexes.filter(
      (i) => !GLOBAL_LOOKUP_INDEXES.has(i.indexname) && !/USING btree \("tenantId"/.test(i.indexdef),
    );
    expect(offenders).toEqual([]);
  });
});
