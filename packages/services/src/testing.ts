// Integration-test support: services over a fresh database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@lantern/db/testing";
import type { JobsClient } from "@lantern/jobs/client";
import type { RequestMeta, ServiceContext } from "./context";

export const testMeta: RequestMeta = { ip: "203.0.113.7", userAgent: "vitest" };

export async function createTestServices(
  options: { jobs?: JobsClient; mailEnabled?: boolean; signUpsPerHour?: number } = {},
): Promise<{
  ctx: ServiceContext;
  database: TestDatabase;
  drop(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const ctx: ServiceContext = {
    db: database.db,
    jobs: options.jobs ?? null,
    config: {
      appUrl: "http://lantern.test",
      secret: "test-secret-0123456789abcdef",
      mailEnabled: options.mailEnabled ?? false,
      dataDir: mkdtempSync(join(tmpdir(), "lantern-test-data-")),
      // Tests sign up many people from one address; the sign-up limit has its own test.
      signUpsPerHour: options.signUpsPerHour ?? 10_000,
    },
  };
  return { ctx, database, drop: () => database.drop() };
}
