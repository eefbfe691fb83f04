// The worker next to the web app: its health endpoint and the daily schedule it registers.
import { expect, test } from "@playwright/test";

test("the worker reports healthy database, Redis and queues, with the retention schedule waiting", async ({
  request,
}) => {
  const workerUrl = process.env.LANTERN_E2E_WORKER_URL ?? "http://127.0.0.1:3001";
  const res = await request.get(`${workerUrl}/health`);
  expect(res.status()).toBe(200);
  const health = await res.json();
  expect(health).toMatchObject({ status: "ok", database: "ok", redis: "ok" });
  expect(Object.keys(health.queues).sort()).toEqual([
    "detection",
    "discovery",
    "ingest",
    "mail",
    "maintenance",
    "posture",
    "response",
  ]);
  // The daily retention sweep is scheduled as soon as the worker starts.
  expect(health.queues.maintenance.delayed).toBeGreaterThanOrEqual(1);
  expect((await request.get(`${workerUrl}/nope`)).status()).toBe(404);
});
