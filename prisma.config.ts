// Prisma CLI configuration. Only `prisma generate` is used from the CLI: the
// commands that need Prisma's native schema engine (migrate, db push) cannot
// download it offline, so migrations are authored and applied by
// packages/db/src/migrate (see README "Database migrations").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
