// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the existing migrations to what schema.prisma says.
// It applies the existing migrations to a scratch database and asks Prisma's
// schema engine for the difference. Review the file (add RLS policies for new
// tenant tables) before committing it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations, dropDatabase, ensureDatabase } from "./migrate";
import { migrationsDir } from "./paths";
import { diffDatabaseToSchema } from "./schema-engine";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const base = new URL(process.env.DATABASE_URL ?? "postgresql://localhost:5432/lantern");
base.pathname = `/lantern_scratch_${process.pid}`;
const scratchUrl = base.toString();

await ensureDatabase(scratchUrl);
try {
  await applyMigrations(scratchUrl);
  const sql = await diffDatabaseToSchema(scratchUrl);
  if (!sql.trim()) {
    console.log("schema.prisma and the migrations agree; nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql);
    console.log(`wrote ${join(dir, "migration.sql")}; review it before committing`);
  }
} finally {
  await dropDatabase(scratchUrl);
}
