// Two Prisma clients over one database, with different powers:
//
// - `app` runs every statement as the lantern_app role, which row-level
//   security applies to. Use it through `withTenant`, which opens a
//   transaction scoped to one tenant; outside one it sees no tenant rows.
// - `system` runs as the migration owner and bypasses RLS. It exists for the
//   few lookups that happen before a tenant is known (sign-in, a token or
//   invitation presented by hash, "which workspaces am I in") and for
//   cross-tenant maintenance jobs. Functions that use it are named unsafe… or
//   live in files that say why.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "./generated/prisma/client";
import { normalizeDatabaseUrl } from "./database-url";

export { Prisma, PrismaClient };
export type { AlertSeverity, Role } from "./generated/prisma/enums";
export type TenantTx = Prisma.TransactionClient;

export type DbConfig = { databaseUrl: string; poolSize?: number };

export type Db = {
  app: PrismaClient;
  system: PrismaClient;
  /**
   * Owner connections for bulk writes that Prisma cannot do (COPY). Like
   * `system`, it bypasses RLS: only the event writer uses it.
   */
  unsafeBulkPool: pg.Pool;
  /** Raw connections as lantern_app (RLS applies), for bulk reads through `withTenantClient`. */
  appPool: pg.Pool;
  close(): Promise<void>;
};

const APP_ROLE = "lantern_app";

export function createDb(config: DbConfig): Db {
  const connectionString = normalizeDatabaseUrl(config.databaseUrl);
  // The role is set in the connection's startup packet rather than by a
  // later SET ROLE: if it cannot be assumed the connection fails, instead of
  // quietly running with the owner's powers.
  const appPool = new pg.Pool({
    connectionString,
    max: config.poolSize ?? 10,
    options: `-c role=${APP_ROLE}`,
  });
  const systemPool = new pg.Pool({ connectionString, max: Math.max(2, Math.floor((config.poolSize ?? 10) / 2)) });
  // An idle pooled connection can be cut (Postgres restart, failover). pg
  // emits that as an 'error' event, which would crash the process unheard.
  for (const pool of [appPool, systemPool])
    pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  const app = new PrismaClient({ adapter: new PrismaPg(appPool) });
  const system = new PrismaClient({ adapter: new PrismaPg(systemPool) });
  return {
    app,
    system,
    unsafeBulkPool: systemPool,
    appPool,
    async close() {
      await Promise.all([app.$disconnect(), system.$disconnect()]);
      await Promise.all([appPool.end(), systemPool.end()]);
    },
  };
}

/**
 * Runs `fn` in a transaction where row-level security admits only `tenantId`'s
 * rows. Writes inside (including the audit-log entry of a change) commit or
 * roll back together.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: TenantTx) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  if (!tenantId) throw new Error("withTenant needs a tenant id");
  return db.app.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
      return fn(tx);
    },
    // Prisma's default of 5 s suits requests; background jobs writing many rows pass more.
    options.timeoutMs ? { timeout: options.timeoutMs, maxWait: 10_000 } : undefined,
  );
}

/**
 * Like withTenant, on a raw pg connection: for reads too large for Prisma's
 * row objects (discovery reads events by the hundred thousand). Row-level
 * security applies as in withTenant.
 */
export async function withTenantClient<T>(
  db: Db,
  tenantId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!tenantId) throw new Error("withTenantClient needs a tenant id");
  const client = await db.appPool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs a query on a raw connection and hands each row (an array, in column
 * order) to `onRow` as it arrives, without collecting them: Postgres sends on
 * its core while Node works on its own, and the socket's backpressure bounds
 * memory. An exception in onRow skips the remaining rows and rejects.
 */
export function streamRows<R extends unknown[]>(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  onRow: (row: R) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failure: unknown = null;
    // rowMode is read by pg.Query at run time; its type declarations only list it for client.query.
    const query = client.query(new pg.Query({ text, values, rowMode: "array" } as pg.QueryConfig));
    query.on("row", (row: R) => {
      if (failure) return;
      try {
        onRow(row);
        rows++;
      } catch (error) {
        failure = error;
      }
    });
    query.on("error", reject);
    query.on("end", () => (failure ? reject(failure) : resolve(rows)));
  });
}

/**
 * A JSON column read as text (`column::text`) and parsed once per distinct
 * value. Over a million events a token's requests repeat the same identities
 * and a list's pages the same query; pg parsed every row's copy into objects
 * of its own (seconds, and a million more objects for the collector). The
 * value returned is shared between rows: read it, never change it. At most
 * `limit` values are remembered (then it starts afresh), so memory stays
 * bounded where every value differs.
 */
export function jsonOnce<T>(limit = 100_000): (text: string | null) => T | null {
  let seen = new Map<string, T>();
  return (text) => {
    if (text === null) return null;
    let value = seen.get(text);
    if (value === undefined) {
      if (seen.size >= limit) seen = new Map();
      seen.set(text, (value = JSON.parse(text) as T));
    }
    return value;
  };
}
