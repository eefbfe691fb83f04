// Integration-test support: a fresh, migrated database per test file.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "./client";
import { normalizeDatabaseUrl } from "./database-url";
import { applyMigrations, dropDatabase, ensureDatabase } from "./migrate/migrate";

export type TestDatabase = { url: string; db: Db; drop(): Promise<void> };

export function testServerUrl(): string {
  // The test runner (scripts/test.mjs) passes the server to use; tests do not
  // pick their own configuration from the environment beyond this one entry.
  return process.env.LANTERN_TEST_DATABASE_URL ?? "postgresql://127.0.0.1:5432/postgres";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = new URL(testServerUrl());
  url.pathname = `/lantern_it_${randomBytes(5).toString("hex")}`;
  const databaseUrl = normalizeDatabaseUrl(url.toString());
  await ensureDatabase(databaseUrl);
  await migrateOneAtATime(databaseUrl);
  const db = createDb({ databaseUrl, poolSize: 4 });
  return {
    url: databaseUrl,
    db,
    async drop() {
      await db.close();
      await dropDatabase(databaseUrl);
    },
  };
}

/**
 * Test files create their databases in parallel, in one Postgres cluster. The
 * first migration grants the cluster-wide lantern_app role, and two such grants
 * at once fail with "tuple concurrently updated"; the migration's own advisory
 * lock is per database, so test files take turns on one in the server's
 * database instead.
 */
async function migrateOneAtATime(databaseUrl: string): Promise<void> {
  const server = new pg.Client({ connectionString: normalizeDatabaseUrl(testServerUrl()) });
  await server.connect();
  try {
    await server.query("SELECT pg_advisory_lock(hashtext('lantern.test-migrations'))");
    await applyMigrations(databaseUrl);
  } finally {
    await server.end();
  }
}
