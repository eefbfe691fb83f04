// Deletes every Redis key under a throwaway test prefix (`npm test` cleans up
// after its end-to-end run). Refuses prefixes that do not look throwaway.
import { Redis } from "ioredis";

const prefix = process.argv[2] ?? "";
if (!/^lantern-(e2e|test|bench)-[0-9a-f]+$/.test(prefix)) {
  console.error(`refusing to drop keys under "${prefix}": only throwaway test prefixes`);
  process.exit(2);
}
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let cursor = "0";
let deleted = 0;
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
  cursor = next;
  if (keys.length) deleted += await redis.del(...keys);
} while (cursor !== "0");
redis.disconnect();
console.log(`deleted ${deleted} keys under ${prefix}`);
