import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../testing";
import { diffDatabaseToSchema } from "./schema-engine";
import { applyMigrations, listMigrations } from "./migrate";

describe("migrations and schema.prisma", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it("a database built from prisma/migrations is exactly what schema.prisma describes", async () => {
    const diff = await diffDatabaseToSchema(t.url);
    // When this fails, run `npm run db:new-migration -- <name>` and review the file.
    expect(diff).toBe("");
  });

  it("notices when the database and the schema disagree", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    await client.query(`ALTER TABLE "tenants" DROP COLUMN "auditRetentionDays"`);
    await client.end();
    const diff = await diffDatabaseToSchema(t.url);
    expect(diff).toContain(`ADD COLUMN     "auditRetentionDays"`);
  });

  it("applying migrations twice changes nothing, and an edited migration is refused", async () => {
    const again = await applyMigrations(t.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(listMigrations().length);
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(applyMigrations(t.url, { migrations: edited })).rejects.toThrow(/was edited after it was applied/);
  });
});
