// The command palette's search on the real database: endpoints by path or
// host (narrowed by a method), actors by name, wildcards taken literally,
// and nothing of another workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "./context";
import { jumpTargets } from "./jump";
import { analyseLines, createTestServices, testWorkspace } from "./testing";

const at = (minute: number) => `[16/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000]`;
const LOG = Array.from({ length: 40 }, (_, i) => {
  const [method, path] = i % 2 ? ["GET", `/v1/orders/${1000 + i}`] : ["POST", "/v1/orders"];
  return `203.0.113.${i % 4} - carol ${at(i)} "${method} ${path} HTTP/1.1" 200 512 "-" "curl/8.5"`;
});

describe("jumping to things by name", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Jumps");
    otherTenantId = await testWorkspace(ctx, "Elsewhere");
    await analyseLines(ctx, tenantId, LOG);
  });
  afterAll(() => drop());

  const labels = async (q: string, tenant = tenantId) =>
    (await jumpTargets(ctx, tenant, { q })).map((t) => `${t.kind} ${t.label}`);

  it("finds endpoints by path, narrowed by a method, and actors by name", async () => {
    expect(await labels("orders")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^endpoint POST .*\/v1\/orders$/),
        expect.stringMatching(/^endpoint GET .*\/v1\/orders\/\{/),
      ]),
    );
    expect((await labels("get /v1/ord")).filter((l) => l.startsWith("endpoint"))).toEqual([
      expect.stringMatching(/^endpoint GET .*\/v1\/orders\/\{/),
    ]);
    expect(await labels("carol")).toEqual(expect.arrayContaining([expect.stringMatching(/^actor .*carol/)]));
  });

  it("takes % and _ literally, and never shows another workspace's names", async () => {
    expect(await labels("%%")).toEqual([]);
    expect(await labels("__")).toEqual([]);
    expect(await labels("orders", otherTenantId)).toEqual([]);
    await expect(jumpTargets(ctx, tenantId, { q: "o" })).rejects.toThrow();
  });
});
