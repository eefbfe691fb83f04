// Unit tests (*.test.ts) and integration tests (*.integration.test.ts, real
// Postgres and Redis) for every package and app. Playwright lives in e2e/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
    pool: "forks",
    // Two cores here: integration files each create their own database, so a
    // little parallelism helps and more only thrashes.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
