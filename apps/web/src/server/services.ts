// One ServiceContext per server process: the database pools and the queue client.
import "server-only";
import { createDb } from "@lantern/db/client";
import { createJobsClient } from "@lantern/jobs/client";
import type { ServiceContext } from "@lantern/services/context";
import { env } from "../env";

const globalForServices = globalThis as unknown as { lanternServices?: ServiceContext };

export function services(): ServiceContext {
  if (!globalForServices.lanternServices) {
    const e = env();
    globalForServices.lanternServices = {
      db: createDb({ databaseUrl: e.DATABASE_URL }),
      jobs: createJobsClient({ redisUrl: e.REDIS_URL, prefix: e.LANTERN_QUEUE_PREFIX }),
      config: {
        appUrl: e.APP_URL,
        secret: e.LANTERN_SECRET,
        mailEnabled: Boolean(e.SMTP_URL),
        dataDir: e.LANTERN_DATA_DIR,
        signUpsPerHour: e.LANTERN_SIGN_UPS_PER_HOUR,
      },
    };
  }
  return globalForServices.lanternServices!;
}
