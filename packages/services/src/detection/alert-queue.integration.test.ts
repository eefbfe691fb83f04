// The alert queue as an analyst works it, on the real database: sorts that
// put the worst first, "high or worse", groups of alerts sharing an actor,
// an address or a network, bulk assign and bulk false positive (each with its
// history, its audit entry and what it teaches), and a default view per person.
import { withTenant } from "@lantern/db/client";
import type { Finding } from "@lantern/engine/detection/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditLog } from "../audit";
import type { ServiceContext } from "../context";
import { forgetView, savedView, saveView } from "../saved-views";
import { createTestServices, testWorkspace } from "../testing";
import { alertGroups } from "./alert-groups";
import { recordFindings } from "./alert-store";
import { bulkUpdateAlerts } from "./alert-triage";
import { getAlert, listAlerts } from "./alerts";

const T0 = Date.UTC(2026, 10, 20, 9);
const MIN = 60_000;
const ACTORS = ["jwt_sub:alice", "jwt_sub:bob", "ip:198.51.100.7"];

/** Six alerts: alice twice from one /24, bob once from the same /24, an address alone, one explained as benign. */
const FINDINGS: Partial<Finding>[] = [
  { campaign: "a1", actor: "jwt_sub:alice", severity: "medium", confidence: 0.9, addresses: ["203.0.113.5"], to: 50 },
  { campaign: "a2", actor: "jwt_sub:alice", severity: "critical", confidence: 0.6, addresses: ["203.0.113.5"], to: 10 },
  { campaign: "b1", actor: "jwt_sub:bob", severity: "high", confidence: 0.95, addresses: ["203.0.113.77"], to: 40 },
  { campaign: "c1", actor: "ip:198.51.100.7", severity: "low", confidence: 1, addresses: ["198.51.100.7"], to: 30 },
  { campaign: "c2", actor: null, severity: "high", confidence: 0.9, addresses: [], to: 20 },
  {
    campaign: "d1",
    actor: "jwt_sub:bob",
    severity: "critical",
    confidence: 1,
    verdict: "benign-explained",
    addresses: ["203.0.113.77"],
    to: 5,
  },
];

function finding(f: Partial<Finding>): Finding {
  return {
    detector: "scraping",
    endpoint: null,
    verdict: "attack",
    title: `alert ${f.campaign}`,
    explanation: "e",
    measures: [],
    evidence: [],
    facts: {},
    ...f,
    from: T0,
    to: T0 + (f.to ?? 0) * MIN,
  } as Finding;
}

describe("the alert queue", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let ownerId: string;
  let who: { actor: { id: string; label: string } };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Queue");
    otherTenantId = await testWorkspace(ctx, "Elsewhere");
    await withTenant(ctx.db, tenantId, async (tx) => {
      ownerId = (await tx.membership.findFirstOrThrow({ where: { tenantId }, select: { userId: true } })).userId;
      const actorIds = new Map<string, string>();
      for (const key of ACTORS) {
        const id = `act_queue_${actorIds.size}`;
        await tx.actor.create({
          data: {
            id,
            tenantId,
            key,
            kind: key.split(":")[0]!,
            label: key,
            firstSeen: new Date(T0),
            lastSeen: new Date(T0),
          },
        });
        actorIds.set(key, id);
      }
      await recordFindings(tx, tenantId, FINDINGS.map(finding), {
        actor: (key) => actorIds.get(key),
        endpoint: () => undefined,
        addresses: (f) => f.addresses ?? [],
      });
      for (const a of await tx.alert.findMany({ where: { tenantId }, select: { id: true, campaign: true } }))
        ids[a.campaign] = a.id;
    });
    who = { actor: { id: ownerId, label: "queue@queue.test" } };
  });
  afterAll(() => drop());

  const order = async (query: Parameters<typeof listAlerts>[2]) =>
    (await listAlerts(ctx, tenantId, query)).rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

  it("sorts by recency, severity, risk and occurrences, and filters high or worse", async () => {
    expect(await order({})).toEqual(["a1", "b1", "c1", "c2", "a2", "d1"]);
    // Severity, then risk within a severity: the benign critical sits under the certain one.
    expect(await order({ sort: "severity" })).toEqual(["a2", "d1", "b1", "c2", "a1", "c1"]);
    // Risk is severity weighted by confidence: critical at 60% (60) is under high at 95% (71); benign carries none.
    expect(await order({ sort: "risk" })).toEqual(["b1", "c2", "a2", "a1", "c1", "d1"]);
    expect((await listAlerts(ctx, tenantId, { sort: "risk" })).rows.map((r) => r.risk)).toEqual([
      71, 68, 60, 45, 25, 0,
    ]);
    expect(await order({ minSeverity: "HIGH", sort: "severity" })).toEqual(["a2", "d1", "b1", "c2"]);
    expect((await getAlert(ctx, tenantId, ids.b1!)).risk).toBe(71);
  });

  it("groups alerts sharing an actor, an address or a network, each alert once", async () => {
    const byActor = await alertGroups(ctx, tenantId, { query: { status: "all" }, by: "actor" });
    expect(byActor.groups.map((g) => [g.label, g.count, g.severity])).toEqual([
      // Two each: the riskier first (bob's high at 95% over alice's critical at 60%).
      ["jwt_sub:bob", 2, "CRITICAL"],
      ["jwt_sub:alice", 2, "CRITICAL"],
      ["ip:198.51.100.7", 1, "LOW"],
      [null, 1, "HIGH"],
    ]);
    expect(byActor.groups[0]!.actorId).toBeTruthy();
    const byNetwork = await alertGroups(ctx, tenantId, { query: { status: "all" }, by: "network" });
    expect(byNetwork.groups.map((g) => [g.label, g.count])).toEqual([
      ["203.0.113.0/24", 4],
      ["198.51.100.0/24", 1],
      [null, 1],
    ]);
    const byAddress = await alertGroups(ctx, tenantId, { query: { minSeverity: "HIGH" }, by: "address" });
    expect(byAddress.groups.map((g) => [g.label, g.alerts.map((a) => a.title).sort()])).toEqual([
      ["203.0.113.77", ["alert b1", "alert d1"]],
      ["203.0.113.5", ["alert a2"]],
      [null, ["alert c2"]],
    ]);
    const all = byAddress.groups.flatMap((g) => g.alerts.map((a) => a.id));
    expect(new Set(all).size).toBe(all.length);
    expect((await alertGroups(ctx, otherTenantId, { query: { status: "all" }, by: "actor" })).groups).toEqual([]);
  });

  it("assigns and marks false positives in bulk, each alert in its history, the audit log and the suppressions", async () => {
    const pair = [ids.a1!, ids.a2!];
    expect(await bulkUpdateAlerts(ctx, tenantId, { alertIds: pair, assigneeId: ownerId }, who)).toEqual({ updated: 2 });
    expect((await listAlerts(ctx, tenantId, { assignee: ownerId })).total).toBe(2);
    await expect(bulkUpdateAlerts(ctx, tenantId, { alertIds: pair, status: "FALSE_POSITIVE" }, who)).rejects.toThrow(
      /Say why/,
    );
    await expect(bulkUpdateAlerts(ctx, tenantId, { alertIds: pair }, who)).rejects.toThrow(/status or an assignee/);
    await expect(bulkUpdateAlerts(ctx, tenantId, { alertIds: pair, assigneeId: "usr_stranger" }, who)).rejects.toThrow(
      /members of this workspace/,
    );
    const fp = { alertIds: pair, status: "FALSE_POSITIVE" as const, reason: "Alice's load test" };
    expect(await bulkUpdateAlerts(ctx, otherTenantId, fp, who)).toEqual({ updated: 0 });
    expect(await bulkUpdateAlerts(ctx, tenantId, fp, who)).toEqual({ updated: 2 });
    expect((await listAlerts(ctx, tenantId, {})).rows.map((r) => r.id)).not.toContain(ids.a1);
    const taught = await withTenant(ctx.db, tenantId, (tx) =>
      tx.suppression.findMany({ where: { tenantId, alertId: { in: pair } }, select: { reason: true } }),
    );
    expect(taught.map((s) => s.reason)).toEqual(["Alice's load test", "Alice's load test"]);
    const history = (await getAlert(ctx, tenantId, ids.a2!)).activity.map((x) => x.kind);
    expect(history).toEqual(["raised", "assigned", "status"]);
    const audit = await listAuditLog(ctx, tenantId, {});
    const triage = audit.entries.filter((e) => e.action.startsWith("alert."));
    expect(triage.map((e) => e.action).sort()).toEqual([
      "alert.assigned",
      "alert.assigned",
      "alert.status",
      "alert.status",
    ]);
    expect(triage.find((e) => e.action === "alert.status")).toMatchObject({
      actorLabel: "queue@queue.test",
      targetType: "alert",
      metadata: { from: "NEW", to: "FALSE_POSITIVE", reason: "Alice's load test" },
    });
  });

  it("keeps one default view per person and page, with only the page's own parameters", async () => {
    expect(await savedView(ctx, tenantId, ownerId, { page: "alerts" })).toBeNull();
    const saved = await saveView(ctx, tenantId, ownerId, {
      page: "alerts",
      query: `status=all&sort=risk&group=actor&tenant=other&sort=lastSeen&detector=${"x".repeat(300)}`,
    });
    expect(saved.query).toBe("status=all&sort=risk&group=actor");
    expect(await savedView(ctx, tenantId, ownerId, { page: "alerts" })).toEqual({ query: saved.query });
    expect(await savedView(ctx, otherTenantId, ownerId, { page: "alerts" })).toBeNull();
    await forgetView(ctx, tenantId, ownerId, { page: "alerts" });
    expect(await savedView(ctx, tenantId, ownerId, { page: "alerts" })).toBeNull();
  });
});
