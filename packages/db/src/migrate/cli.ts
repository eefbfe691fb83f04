// `npm run db:migrate`: create the database when missing, then apply migrations.
import { applyMigrations, ensureDatabase, redactUrl } from "./migrate";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://localhost:5432/lantern";
const created = await ensureDatabase(databaseUrl);
if (created) console.log(`created database ${redactUrl(databaseUrl)}`);
const result = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
