// Response policies: create, change, dry-run, switch on and off. A policy
// is switched on only after a dry run of its current rules over the stored
// history (changing a rule forgets the dry run), so nobody switches on a
// policy without having seen what it would have done.
import { type Prisma, Prisma as Sql, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { allowListCovering } from "./block-list";
import { MAX_POLICY_BLOCKS } from "./policy-run";
import { type Actions, alertsMatching, policyTargets, type Trigger, ZActions, ZTrigger } from "./policy-rules";
import { requestsFrom, type Target } from "./targets";

const ZPolicyFields = z.object({
  name: z.string().trim().min(3, "Name it (three characters or more).").max(80),
  trigger: ZTrigger,
  actions: ZActions,
  mode: z.enum(["SUGGEST", "AUTO"]).default("SUGGEST"),
  blockHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .nullable()
    .default(24),
});
export const ZCreatePolicy = ZPolicyFields;
export const ZPolicyRef = z.object({ policyId: z.string().min(1).max(64) });
export const ZUpdatePolicy = ZPolicyRef.extend(ZPolicyFields.shape);
export const ZSetPolicyEnabled = ZPolicyRef.extend({ enabled: z.boolean() });
export const ZDryRun = ZPolicyRef.extend({ days: z.number().int().min(1).max(90).default(30) });

type Who = { actor: Actor };

export async function createPolicy(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZCreatePolicy>,
  who: Who,
) {
  const q = ZCreatePolicy.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    await checkFields(tx, tenantId, q);
    const row = await tx.responsePolicy.create({
      data: {
        id: newId("responsePolicy"),
        tenantId,
        ...ruleData(q),
        createdBy: who.actor.label,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "policy.added",
      target: { type: "policy", id: row.id },
      metadata: { name: q.name, mode: q.mode },
    });
    return policyView(row);
  });
}

/** Changes a policy's rules; its dry run is forgotten and a policy that was on stays on only if asked again. */
export async function updatePolicy(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZUpdatePolicy>,
  who: Who,
) {
  const q = ZUpdatePolicy.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.responsePolicy.findFirst({ where: { id: q.policyId, tenantId } });
    if (!row) throw notFound("Policy");
    await checkFields(tx, tenantId, q, row.id);
    const updated = await tx.responsePolicy.update({
      where: { id: row.id },
      data: {
        ...ruleData(q),
        lastDryRun: Sql.DbNull,
        enabled: false,
        enabledAt: null,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "policy.changed",
      target: { type: "policy", id: row.id },
      metadata: { name: q.name, mode: q.mode, wasOn: row.enabled },
    });
    return policyView(updated);
  });
}

/** A policy's rules as stored. */
const ruleData = (q: z.output<typeof ZPolicyFields>) => ({
  name: q.name,
  trigger: q.trigger as Prisma.InputJsonValue,
  actions: q.actions as Prisma.InputJsonValue,
  mode: q.mode,
  blockHours: q.blockHours,
});

async function checkFields(
  tx: Prisma.TransactionClient,
  tenantId: string,
  q: z.output<typeof ZPolicyFields>,
  self?: string,
) {
  const clash = await tx.responsePolicy.findFirst({ where: { tenantId, name: q.name, NOT: { id: self } } });
  if (clash) throw new AppError("CONFLICT", `A policy named "${q.name}" exists already.`);
  const found = await tx.integration.count({ where: { tenantId, id: { in: q.actions.notify } } });
  if (found !== new Set(q.actions.notify).size) throw notFound("Integration");
}

export async function listPolicies(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx.responsePolicy.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
    const counts = await tx.policyMatch.groupBy({
      by: ["policyId", "state"],
      where: { tenantId },
      _count: { _all: true },
    });
    return rows.map((r) => ({
      ...policyView(r),
      matches: Object.fromEntries(counts.filter((c) => c.policyId === r.id).map((c) => [c.state, c._count._all])),
    }));
  });
}

export async function setPolicyEnabled(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZSetPolicyEnabled>,
  who: Who,
) {
  const q = ZSetPolicyEnabled.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.responsePolicy.findFirst({ where: { id: q.policyId, tenantId } });
    if (!row) throw notFound("Policy");
    if (q.enabled && !row.lastDryRun)
      throw new AppError("CONFLICT", "Run the policy over the stored history first, to see what it would do.");
    const updated = await tx.responsePolicy.update({
      where: { id: row.id },
      // From now on: it acts on alerts raised, added to or reopened after this moment.
      data: { enabled: q.enabled, enabledAt: q.enabled ? (row.enabled ? row.enabledAt : new Date()) : null },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: q.enabled ? "policy.enabled" : "policy.disabled",
      target: { type: "policy", id: row.id },
      metadata: { name: row.name, mode: row.mode },
    });
    return policyView(updated);
  });
}

export async function removePolicy(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZPolicyRef>, who: Who) {
  const q = ZPolicyRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.responsePolicy.findFirst({ where: { id: q.policyId, tenantId } });
    if (!row) throw notFound("Policy");
    await tx.responsePolicy.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "policy.removed",
      target: { type: "policy", id: row.id },
      metadata: { name: row.name },
    });
    return { removed: row.id };
  });
}

export type DryRun = {
  days: number;
  from: string;
  to: string;
  alerts: number;
  /** Targets it would block (or suggest), by kind: addresses and identities. */
  addresses: number;
  identities: number;
  /** Requests those targets made in the window: what the gateway would have refused. */
  requests: number;
  /** Targets the allow list would have spared, with the entry that spares them. */
  spared: { label: string; allowedBy: string }[];
  /** Alerts capped at MAX_POLICY_BLOCKS targets. */
  capped: number;
  notifications: number;
  sample: { alertId: string; title: string; severity: string; lastSeen: string; targets: number }[];
  ranAt: string;
  ranBy: string;
};

/**
 * What the policy would have done over the last `days` of stored alerts
 * (traffic time, so an old log is judged against its own days): the alerts
 * it matches, the addresses and identities it would block, the requests
 * they made, what the allow list would spare. Kept on the policy.
 */
export async function dryRunPolicy(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZDryRun>, who: Who) {
  const q = ZDryRun.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const policy = await tx.responsePolicy.findFirst({ where: { id: q.policyId, tenantId } });
    if (!policy) throw notFound("Policy");
    const trigger = policy.trigger as Trigger;
    const actions = policy.actions as Actions;
    const latest = await tx.alert.aggregate({ where: { tenantId }, _max: { lastSeen: true } });
    const to = latest._max.lastSeen ?? new Date();
    const from = new Date(to.getTime() - q.days * 86_400_000);
    const alerts = await tx.alert.findMany({
      where: { ...alertsMatching(tenantId, trigger), lastSeen: { gte: from } },
      orderBy: { lastSeen: "desc" },
      select: {
        id: true,
        title: true,
        severity: true,
        lastSeen: true,
        addresses: true,
        actor: { select: { key: true, label: true } },
      },
    });
    const targets = new Map<string, Target & { label: string }>();
    let capped = 0;
    const perAlert = alerts.map((a) => {
      const all = actions.block ? policyTargets(a, actions.block.targets) : [];
      if (all.length > MAX_POLICY_BLOCKS) capped++;
      const mine = all.slice(0, MAX_POLICY_BLOCKS);
      for (const t of mine) targets.set(`${t.kind}:${t.value}`, t);
      return {
        alertId: a.id,
        title: a.title,
        severity: a.severity,
        lastSeen: a.lastSeen.toISOString(),
        targets: mine.length,
      };
    });
    const named = [...targets.values()];
    const covering = await allowListCovering(tx, tenantId, named);
    const spared: DryRun["spared"] = named.flatMap((t, i) =>
      covering[i] ? [{ label: t.label, allowedBy: covering[i]! }] : [],
    );
    const blocked: Target[] = named.filter((_, i) => !covering[i]);
    const result: DryRun = {
      days: q.days,
      from: from.toISOString(),
      to: to.toISOString(),
      alerts: alerts.length,
      addresses: blocked.filter((t) => t.kind === "cidr").length,
      identities: blocked.filter((t) => t.kind !== "cidr").length,
      requests: await requestsFrom(tx, tenantId, blocked, from, to),
      spared,
      capped,
      notifications: alerts.length * actions.notify.length,
      sample: perAlert.slice(0, 20),
      ranAt: new Date().toISOString(),
      ranBy: who.actor.label,
    };
    await tx.responsePolicy.update({
      where: { id: policy.id },
      data: { lastDryRun: result as unknown as Prisma.InputJsonValue },
    });
    return result;
  });
}

type PolicyRow = Awaited<ReturnType<Prisma.TransactionClient["responsePolicy"]["findFirstOrThrow"]>>;

function policyView(r: PolicyRow) {
  return {
    id: r.id,
    name: r.name,
    trigger: r.trigger as Trigger,
    actions: r.actions as Actions,
    mode: r.mode,
    blockHours: r.blockHours,
    enabled: r.enabled,
    enabledAt: r.enabledAt,
    lastDryRun: (r.lastDryRun as DryRun | null) ?? null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}
