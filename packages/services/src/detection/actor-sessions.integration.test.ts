// An actor's sessions on the real database: runs of the hours detection
// counted it in, newest first, with the alerts raised during each.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { actorSessions, runsOf } from "./actor-sessions";

const line = (hour: number, minute: number, status: number) =>
  `198.51.100.1 - alice [20/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "GET /api/orders HTTP/1.1" ${status} 100 "-" "app/1.0"`;

describe("actor sessions", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Sessions");
    // Alice at 09:xx and 10:xx (one session of two hours), then at 14:xx with refusals.
    await analyseLines(ctx, tenantId, [
      ...[5, 25, 45].map((m) => line(9, m, 200)),
      ...[5, 25].map((m) => line(10, m, 200)),
      ...[1, 2, 3].map((m) => line(14, m, 403)),
    ]);
  });
  afterAll(() => drop());

  it("joins consecutive hours and splits at an idle one", () => {
    const h = (hour: number, calls = 1) => ({
      hour: new Date(Date.UTC(2026, 10, 20, hour)),
      calls,
      failures: 0,
      errors: 0,
    });
    expect(
      runsOf([h(9, 2), h(10, 3), h(12), h(13)]).map((s) => [s.from.slice(11, 16), s.to.slice(11, 16), s.calls]),
    ).toEqual([
      ["09:00", "11:00", 5],
      ["12:00", "14:00", 2],
    ]);
    expect(runsOf([])).toEqual([]);
  });

  it("lists the actor's sessions newest first, with their figures", async () => {
    const actor = await withTenant(ctx.db, tenantId, (tx) =>
      tx.actor.findFirstOrThrow({ where: { tenantId, label: "user alice" } }),
    );
    const { sessions, total, retentionDays } = await actorSessions(ctx, tenantId, actor.id);
    expect({ total, retentionDays }).toEqual({ total: 2, retentionDays: 30 });
    expect(sessions.map((s) => [s.from, s.to, s.hours, s.calls, s.failures])).toEqual([
      ["2026-11-20T14:00:00.000Z", "2026-11-20T15:00:00.000Z", 1, 3, 3],
      ["2026-11-20T09:00:00.000Z", "2026-11-20T11:00:00.000Z", 2, 5, 0],
    ]);
    expect(sessions[1]!.hourly.map((h) => [h.at.slice(11, 16), h.calls])).toEqual([
      ["09:00", 3],
      ["10:00", 2],
    ]);
    const other = await testWorkspace(ctx, "Elsewhere");
    await expect(actorSessions(ctx, other, actor.id)).rejects.toThrow(/not found/i);
  });
});
