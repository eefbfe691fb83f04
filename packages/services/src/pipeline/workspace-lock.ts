// One writer of a workspace's inventory at a time: discovery and detection
// parts, template corrections and spec uploads read the templater state,
// change it and write it whole, so they take a session-level advisory lock
// per workspace. Workspaces never wait for each other.
import type { Db } from "@lantern/db/client";

export async function withWorkspaceLock<T>(db: Db, tenantId: string, fn: () => Promise<T>): Promise<T> {
  const lockClient = await db.unsafeBulkPool.connect();
  // The key's name predates the pipeline module; kept so a worker of the previous release and this one exclude each other.
  try {
    await lockClient.query("SELECT pg_advisory_lock(hashtext('lantern.discovery'), hashtext($1))", [tenantId]);
    return await fn();
  } finally {
    await lockClient
      .query("SELECT pg_advisory_unlock(hashtext('lantern.discovery'), hashtext($1))", [tenantId])
      .catch(() => {});
    lockClient.release();
  }
}
