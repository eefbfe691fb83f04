import { userInfo } from "node:os";

/**
 * Fills in the user of a Postgres URL that names none, the way psql does
 * (PGUSER, else the OS user). pg itself reads $USER, which is often unset in
 * services and containers, and then fails with a cryptic startup error.
 */
export function normalizeDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.username) url.username = process.env.PGUSER || userInfo().username;
  return url.toString();
}
