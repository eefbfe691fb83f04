// A request's actor_key is written by the event writer (TypeScript) and, for
// events stored before the column existed, by telemetry.identity_key in the
// hunt_indexes migration (SQL). Both must pick the same identity: for every
// pair of identity kinds the stronger one, in ACTOR_KIND_ORDER's order; and
// nothing for a request without one.
import { Prisma as Sql } from "@lantern/db/client";
import { ACTOR_KIND_ORDER, strongestIdentityKey } from "@lantern/engine/detection/actors";
import type { Identity } from "@lantern/engine/normalize/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { createTestServices } from "../testing";

const SECRET_KINDS = new Set(["api_key", "bearer", "session"]);
const identity = (kind: string) =>
  (SECRET_KINDS.has(kind)
    ? { kind, secret: { hash: `h-${kind}`, display: "x…" }, source: "header" }
    : { kind, value: `v-${kind}`, source: "jwt" }) as Identity;

describe("a request's actor key, in TypeScript and in SQL", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
  });
  afterAll(() => drop());

  const inSql = async (ids: unknown) => {
    const [row] = await ctx.db.system.$queryRaw<{ k: string | null }[]>(
      Sql.sql`SELECT telemetry.identity_key(${JSON.stringify(ids)}::jsonb) AS k`,
    );
    return row!.k;
  };

  it("picks the stronger kind of every pair, the same in both", async () => {
    for (const [i, strong] of ACTOR_KIND_ORDER.entries())
      for (const weak of ACTOR_KIND_ORDER.slice(i + 1)) {
        const ids = [identity(weak), identity(strong)];
        const expected = strongestIdentityKey(ids);
        expect(expected, `${strong} over ${weak}`).toMatch(new RegExp(`^${strong}:`));
        expect(await inSql(ids), `${strong} over ${weak}`).toBe(expected);
      }
  });

  it("is nothing for an anonymous request, whatever is stored", async () => {
    expect(strongestIdentityKey([])).toBeNull();
    expect(await inSql([])).toBeNull();
    expect(await inSql([{ kind: "unknown_kind", value: "x" }])).toBeNull();
    expect(await inSql({ not: "an array" })).toBeNull();
    expect(await inSql(null)).toBeNull();
  });
});
