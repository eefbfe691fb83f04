// GET /health: 200 when the worker can reach Postgres and Redis, with queue
// counts (failed jobs included); 503 otherwise. For load balancers and people.
import { createServer, type Server } from "node:http";
import type { Db } from "@lantern/db/client";
import type { JobsClient } from "@lantern/jobs/client";

export function startHealthServer(
  port: number,
  deps: { db: Db; jobs: JobsClient; isShuttingDown: () => boolean },
): Server {
  const server = createServer(async (req, res) => {
    if (req.url !== "/health") {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "not found; try /health" }));
      return;
    }
    const check = async (fn: () => Promise<unknown>) =>
      fn().then(
        () => "ok",
        (e: Error) => `error: ${e.message}`,
      );
    const [database, queues] = await Promise.all([
      // The app role, as every job reads with: a health check needs no way past row-level security.
      check(() => deps.db.app.$queryRaw`SELECT 1`),
      deps.jobs.counts().catch((e: Error) => `error: ${e.message}`),
    ]);
    const healthy = database === "ok" && typeof queues === "object" && !deps.isShuttingDown();
    res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(
      JSON.stringify({
        status: healthy ? "ok" : deps.isShuttingDown() ? "shutting down" : "degraded",
        database,
        redis: typeof queues === "object" ? "ok" : queues,
        queues,
      }),
    );
  });
  server.listen(port);
  return server;
}
