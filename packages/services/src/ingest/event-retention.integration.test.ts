import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyEvents, daysOf, ensurePartitions, type EventRow } from "@lantern/db/event-writer";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { createEventPartitionsAhead, dropExpiredEventPartitions, trimWorkspaceEvents } from "./event-retention";

const DAY = 86_400_000;
const now = new Date("2026-11-22T12:00:00Z");

const row = (ts: number, lineNo: number): EventRow => ({
  ts,
  lineNo,
  method: "GET",
  scheme: null,
  host: null,
  path: "/",
  query: [],
  protocol: null,
  tls: null,
  status: 200,
  requestBytes: null,
  responseBytes: null,
  latencyMs: null,
  userAgent: null,
  referer: null,
  clientIp: "198.51.100.1",
  country: null,
  peerIp: null,
  viaProxy: false,
  service: null,
  upstream: null,
  requestId: null,
  identities: [],
  jwtIssuer: null,
  entities: [],
  secretInUrl: false,
  sensitive: [],
});

describe("event retention", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let longer: string;
  let shorter: string;

  const countsByAge = async (tenantId: string) => {
    const rows = await ctx.db.system.$queryRaw<{ age: number; n: bigint }[]>`
      SELECT round(extract(epoch FROM (${now}::timestamptz - ts)) / 86400)::int AS age, count(*) AS n
      FROM telemetry.events WHERE tenant_id = ${tenantId} GROUP BY 1 ORDER BY 1`;
    return Object.fromEntries(rows.map((r) => [r.age, Number(r.n)]));
  };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    longer = (
      await signUp(ctx, { name: "L", email: "l@ret.test", password: "long retention", workspaceName: "Long" }, testMeta)
    ).workspace.tenantId;
    shorter = (
      await signUp(
        ctx,
        { name: "S", email: "s@ret.test", password: "short retention", workspaceName: "Short" },
        testMeta,
      )
    ).workspace.tenantId;
    await ctx.db.system.tenant.update({ where: { id: shorter }, data: { eventRetentionDays: 7 } });
    const rows = [40, 20, 2].map((age, i) => row(now.getTime() - age * DAY, i + 1));
    const client = await ctx.db.unsafeBulkPool.connect();
    try {
      await ensurePartitions(client, daysOf(rows));
      for (const tenant of [longer, shorter]) await copyEvents(client, tenant, "upl_test", rows);
    } finally {
      client.release();
    }
  });
  afterAll(() => drop());

  it("drops days older than every workspace's retention, then trims the shorter one's", async () => {
    expect(await countsByAge(longer)).toEqual({ 2: 1, 20: 1, 40: 1 });
    const dropped = await dropExpiredEventPartitions(ctx.db, now);
    expect(dropped).toEqual(["events_20261013"]);
    expect(await countsByAge(longer)).toEqual({ 2: 1, 20: 1 });

    // The objects an actor touched (path values) go with the events they came from.
    const at = (age: number) => new Date(now.getTime() - age * DAY);
    const db = ctx.db.system;
    await db.apiService.create({
      data: { id: "svc_ret", tenantId: shorter, host: "api.ret.test", firstSeen: at(20), lastSeen: at(2) },
    });
    await db.apiEndpoint.create({
      data: {
        id: "ep_ret",
        tenantId: shorter,
        serviceId: "svc_ret",
        method: "GET",
        template: "/a/{id}",
        firstSeen: at(20),
        lastSeen: at(2),
        direction: "north-south",
        stats: {},
      },
    });
    await db.actor.create({
      data: {
        id: "act_ret",
        tenantId: shorter,
        key: "ip:203.0.113.1",
        kind: "ip",
        label: "203.0.113.1",
        firstSeen: at(20),
        lastSeen: at(2),
      },
    });
    for (const [object, age] of [
      ["old", 20],
      ["recent", 2],
    ] as const) {
      await db.actorObject.create({
        data: {
          tenantId: shorter,
          actorId: "act_ret",
          endpointId: "ep_ret",
          object,
          calls: 1,
          firstSeen: at(age),
          lastSeen: at(age),
        },
      });
    }
    expect(await trimWorkspaceEvents(ctx.db, shorter, now)).toBe(1);
    expect(await countsByAge(shorter)).toEqual({ 2: 1 });
    expect((await db.actorObject.findMany({ where: { tenantId: shorter } })).map((o) => o.object)).toEqual(["recent"]);
    expect(await countsByAge(longer)).toEqual({ 2: 1, 20: 1 });
    // Running again changes nothing.
    expect(await dropExpiredEventPartitions(ctx.db, now)).toEqual([]);
    expect(await trimWorkspaceEvents(ctx.db, shorter, now)).toBe(0);
  });

  it("creates the coming week's partitions ahead of time", async () => {
    await createEventPartitionsAhead(ctx.db, now);
    const names = await ctx.db.system.$queryRaw<
      { relname: string }[]
    >`SELECT relname FROM pg_class WHERE relname LIKE 'events_202611%' ORDER BY 1`;
    expect(names.map((n) => n.relname)).toEqual(expect.arrayContaining(["events_20261122", "events_20261129"]));
  });

  it("a forensic upload of year-old events is kept for the retention period from its upload, then goes", async () => {
    const forensic = (
      await signUp(
        ctx,
        { name: "F", email: "f@ret.test", password: "forensic upload", workspaceName: "Forensic" },
        testMeta,
      )
    ).workspace.tenantId;
    await ctx.db.system.tenant.update({ where: { id: forensic }, data: { eventRetentionDays: 7 } });
    const oldDay = now.getTime() - 400 * DAY;
    const uploaded = new Date(now.getTime() - 2 * DAY);
    await ctx.db.system.upload.create({
      data: {
        id: "upl_forensic",
        tenantId: forensic,
        source: "incident",
        fileName: "2025.log",
        via: "api",
        sizeBytes: 1n,
        contentSha256: "x",
        storagePath: "/nowhere",
        status: "COMPLETED",
        createdAt: uploaded,
        timeFrom: new Date(oldDay),
        timeTo: new Date(oldDay + 3_600_000),
      },
    });
    const rows = [row(oldDay, 1), row(oldDay + 60_000, 2)];
    const client = await ctx.db.unsafeBulkPool.connect();
    try {
      await ensurePartitions(client, daysOf(rows));
      await copyEvents(client, forensic, "upl_forensic", rows);
    } finally {
      client.release();
    }
    // Two days after the upload, with a 7-day retention: the events and their day stay.
    expect(await dropExpiredEventPartitions(ctx.db, now)).toEqual([]);
    expect(await trimWorkspaceEvents(ctx.db, forensic, now)).toBe(0);
    expect(await countsByAge(forensic)).toEqual({ 400: 2 });
    // Eight days after the upload they go. Their day's partition stays while any workspace's retention (30 days here) could still hold it.
    const later = new Date(uploaded.getTime() + 8 * DAY);
    expect(await trimWorkspaceEvents(ctx.db, forensic, later)).toBe(2);
    const partition = `events_${new Date(oldDay).toISOString().slice(0, 10).replace(/-/g, "")}`;
    expect(await dropExpiredEventPartitions(ctx.db, later)).not.toContain(partition);
    expect(await dropExpiredEventPartitions(ctx.db, new Date(uploaded.getTime() + 31 * DAY))).toContain(partition);
  });
});
