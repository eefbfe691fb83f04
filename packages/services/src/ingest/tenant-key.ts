import { createHmac } from "node:crypto";

/**
 * The workspace's key for hashing secrets found in its logs. Derived from the
 * server secret, never stored: a copy of the database alone cannot be used
 * to test guesses against the hashes.
 */
export function tenantHashKey(serverSecret: string, tenantId: string): Buffer {
  return createHmac("sha256", serverSecret).update(`lantern:tenant-hash-key:${tenantId}`).digest();
}
