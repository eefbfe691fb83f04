// The stored hours the volume detector reads: only for actors whose hour in
// the batch could be far (enough calls, counting what earlier batches stored
// for that hour), the last 28 days of each, hour by hour, and only the
// workspace's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { loadActorHistory } from "@lantern/db/repositories/actors";

const HOUR = 3_600_000;
const NOW = Math.floor(Date.UTC(2026, 10, 20, 14) / HOUR);

describe("stored actor hours", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "H", email: "h@hours.test", password: "stored hours password", workspaceName: "Hours" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("reads the last 28 days of the actors whose batch hour reaches ten calls with what is stored for it", async () => {
    const actor = (key: string) => ({
      id: newId("actor"),
      tenantId,
      key,
      kind: key.split(":")[0]!,
      label: key,
      firstSeen: new Date((NOW - 40 * 24) * HOUR),
      lastSeen: new Date(NOW * HOUR),
    });
    const [busy, split, quiet] = [actor("api_key:busy"), actor("api_key:split"), actor("jwt_sub:quiet")];
    await withTenant(ctx.db, tenantId, async (tx) => {
      await tx.actor.createMany({ data: [busy, split, quiet] });
      const hourly = (actorId: string, hour: number, calls: number) => ({
        tenantId,
        actorId,
        hour: new Date(hour * HOUR),
        calls,
        failures: 0,
        errors: 0,
        bytes: 0,
      });
      await tx.actorHourly.createMany({
        data: [
          // 30 days of the busy key, one hour a day: the first two are past the 28 days.
          ...Array.from({ length: 30 }, (_, d) => hourly(busy.id, NOW - (30 - d) * 24, 20 + d)),
          // An earlier batch stored 6 calls of this very hour for the split key; the quiet user has older hours only.
          hourly(split.id, NOW, 6),
          hourly(split.id, NOW - 24, 5),
          hourly(quiet.id, NOW - 48, 3),
        ],
      });
    });
    const batch = [
      { key: "api_key:busy", actorId: busy.id, hour: NOW, calls: 400 },
      { key: "api_key:split", actorId: split.id, hour: NOW, calls: 5 },
      { key: "jwt_sub:quiet", actorId: quiet.id, hour: NOW, calls: 4 },
    ];
    const firstSeen = new Map([busy, split, quiet].map((a) => [a.id, a.firstSeen.getTime()]));
    const history = await withTenant(ctx.db, tenantId, (tx) => loadActorHistory(tx, batch, 10, firstSeen));
    expect([...history.keys()].sort()).toEqual(["api_key:busy", "api_key:split"]);
    const busyHours = history.get("api_key:busy")!.hours;
    expect(busyHours.size).toBe(28);
    expect(busyHours.get(NOW - 28 * 24)).toBe(22);
    expect(busyHours.get(NOW - 24)).toBe(49);
    expect(history.get("api_key:split")!.hours).toEqual(
      new Map([
        [NOW - 24, 5],
        [NOW, 6],
      ]),
    );
    expect(history.get("api_key:busy")!.firstSeen).toBe(busy.firstSeen.getTime());

    // The empty last part of an upload of exactly a million events reads nothing.
    expect(await withTenant(ctx.db, tenantId, (tx) => loadActorHistory(tx, [], 10, firstSeen))).toEqual(new Map());
    // Another workspace asking for the same actors reads nothing of them.
    const other = (
      await signUp(
        ctx,
        { name: "O", email: "o@hours.test", password: "stored hours password", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
    const theirs = await withTenant(ctx.db, other, (tx) => loadActorHistory(tx, batch, 10, firstSeen));
    expect([...theirs.values()].every((h) => h.hours.size === 0)).toBe(true);
  });
});
