// Drops the database named in DATABASE_URL. Used by `npm test` to remove the
// throwaway end-to-end database; refuses names that do not look throwaway.
import { dropDatabase } from "./migrate";

const url = process.env.DATABASE_URL ?? "";
const name = new URL(url).pathname.slice(1);
if (!/^lantern_(e2e|it|scratch|bench)_[a-z0-9_]+$/.test(name)) {
  console.error(`refusing to drop ${name}: only throwaway test databases are dropped`);
  process.exit(2);
}
await dropDatabase(url);
