// Test support: removing a throwaway queue prefix's keys after a test file.
import { Redis } from "ioredis";

/** Deletes every Redis key under a throwaway test prefix; refuses a prefix that does not look throwaway. Returns how many. */
export async function dropTestPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/^lantern-(e2e|test|bench)-[0-9a-f]+$/.test(prefix))
    throw new Error(`refusing to drop keys under "${prefix}": only throwaway test prefixes`);
  const redis = new Redis(redisUrl);
  let cursor = "0";
  let deleted = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
