// Deletes every Redis key under a throwaway test prefix (`npm test` cleans up
// after its end-to-end run). Refuses prefixes that do not look throwaway.
import { dropTestPrefix } from "./testing";

const prefix = process.argv[2] ?? "";
try {
  console.log(
    `deleted ${await dropTestPrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix)} keys under ${prefix}`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
