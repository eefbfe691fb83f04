// Saved hunts on the real database: a query is checked when saved, a
// detector cannot aggregate, and a detector hunt raises one alert per actor
// on the next upload (with the query as its explanation), once per upload,
// which a response policy on the "hunt" detector then acts on.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { listAlerts } from "../detection/alerts";
import { createPolicy, setPolicyEnabled } from "../response/policies";
import { dryRunPolicy } from "../response/policy-dry-run";
import { runPolicies } from "../response/policy-run";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { huntUpload } from "./detectors";
import { changeHunt, listHunts, removeHunt, saveHunt, setHuntDetector } from "./saved";

const line = (ip: string, minute: number, request: string, status: number, ua: string, day = 20) =>
  `${ip} - - [${day}/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000] "${request} HTTP/1.1" ${status} 100 "-" "${ua}"`;

describe("saved hunts", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let who: { actor: { id: string; label: string } };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Saved");
    const owner = await withTenant(ctx.db, tenantId, (tx) => tx.membership.findFirstOrThrow({ where: { tenantId } }));
    who = { actor: { id: owner.userId, label: "saved@saved.test" } };
    await analyseLines(ctx, tenantId, [
      ...Array.from({ length: 8 }, (_, i) => line("192.0.2.1", i, "GET /api/items", 200, "app/1.0")),
      line("203.0.113.5", 20, "GET /.git/config", 404, "curl/8.0"),
    ]);
  });
  afterAll(() => drop());

  it("checks a query when it is saved, and keeps its owner", async () => {
    await expect(saveHunt(ctx, tenantId, { name: "Broken", query: "status:>=" }, who)).rejects.toThrow(
      /needs a value.*at character 1/,
    );
    await expect(saveHunt(ctx, tenantId, { name: "Unknown", query: "secret:x" }, who)).rejects.toThrow(
      /There is no field "secret"/,
    );
    const counted = await saveHunt(ctx, tenantId, { name: "Counts", query: "| stats count() by status" }, who);
    await expect(saveHunt(ctx, tenantId, { name: "Counts", query: "status:200" }, who)).rejects.toThrow(
      /exists already/,
    );
    await expect(setHuntDetector(ctx, tenantId, { huntId: counted.id, detector: true }, who)).rejects.toThrow(
      /take the \| stats pipe off/,
    );
    await removeHunt(ctx, tenantId, { huntId: counted.id }, who);
    const [listed] = await listHunts(ctx, tenantId);
    expect(listed).toBeUndefined();
  });

  it("raises an alert per actor on the next upload, once, and a policy on saved hunts acts on it", async () => {
    const hunt = await saveHunt(ctx, tenantId, { name: "Repo probes", query: "path:/.git/* OR path:/.env" }, who);
    await changeHunt(
      ctx,
      tenantId,
      { huntId: hunt.id, name: "Repo probes", query: "path:/.git/* OR path:/.env*" },
      who,
    );
    await setHuntDetector(ctx, tenantId, { huntId: hunt.id, detector: true, severity: "HIGH" }, who);
    const policy = await createPolicy(
      ctx,
      tenantId,
      {
        name: "Tell on hunts",
        trigger: { detectors: ["hunt"], verdicts: ["SUSPICIOUS"], minSeverity: "HIGH" },
        actions: { notify: [], block: { list: "BLOCK", targets: "addresses" } },
        mode: "AUTO",
      },
      who,
    );
    await dryRunPolicy(ctx, tenantId, { policyId: policy.id }, who);
    await setPolicyEnabled(ctx, tenantId, { policyId: policy.id, enabled: true }, who);

    // The first upload was judged before the hunt existed: a detector looks forward, not back.
    expect((await listAlerts(ctx, tenantId, { detector: "hunt" })).rows).toHaveLength(0);
    const uploadId = await analyseLines(ctx, tenantId, [
      line("198.51.100.7", 1, "GET /.git/HEAD", 404, "curl/8.0", 21),
      line("198.51.100.7", 2, "GET /.env.production", 404, "curl/8.0", 21),
      line("198.51.100.8", 3, "GET /.git/config", 404, "curl/8.0", 21),
      line("192.0.2.1", 4, "GET /api/items", 200, "app/1.0", 21),
    ]);
    const alerts = (await listAlerts(ctx, tenantId, { detector: "hunt" })).rows;
    expect(alerts.map((a) => [a.actor?.label, a.severity, a.verdict, a.title]).sort()).toEqual([
      ["198.51.100.7", "HIGH", "SUSPICIOUS", 'Saved hunt "Repo probes": 2 requests from 198.51.100.7'],
      ["198.51.100.8", "HIGH", "SUSPICIOUS", 'Saved hunt "Repo probes": 1 request from 198.51.100.8'],
    ]);
    expect(alerts[0]!.explanation).toContain("whose query is: path:/.git/* OR path:/.env*");
    const [listed] = await listHunts(ctx, tenantId);
    expect(listed).toMatchObject({ name: "Repo probes", detector: true, lastMatched: 3 });

    // A retried stage runs nothing twice.
    expect(await huntUpload(ctx.db, tenantId, uploadId)).toEqual({ status: "SKIPPED" });
    expect((await listAlerts(ctx, tenantId, { detector: "hunt" })).rows.map((a) => a.occurrences)).toEqual([1, 1]);

    // The policy on saved hunts blocks the probing addresses.
    expect((await runPolicies({ db: ctx.db, jobs: null, appUrl: "https://lantern.example" }, tenantId)).matched).toBe(
      2,
    );
    const blocked = await withTenant(ctx.db, tenantId, (tx) =>
      tx.blockEntry.findMany({ where: { tenantId }, select: { value: true, createdBy: true } }),
    );
    expect(blocked.map((b) => b.value).sort()).toEqual(["198.51.100.7/32", "198.51.100.8/32"]);
  });
});
