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
import type { DryRun } from "./policy-dry-run";
import { type Actions, readTrigger, ruleProblem, ZActions, ZTrigger } from "./policy-rules";

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
/** Rules that hold across fields, reported on the field to change. */
const checkRules = (q: z.output<typeof ZPolicyFields>, ctx: z.RefinementCtx) => {
  const problem = ruleProblem(q.trigger, q.actions);
  if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
};
export const ZCreatePolicy = ZPolicyFields.superRefine(checkRules);
export const ZPolicyRef = z.object({ policyId: z.string().min(1).max(64) });
export const ZUpdatePolicy = ZPolicyRef.extend(ZPolicyFields.shape).superRefine(checkRules);
export const ZSetPolicyEnabled = ZPolicyRef.extend({ enabled: z.boolean() });

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

type PolicyRow = Awaited<ReturnType<Prisma.TransactionClient["responsePolicy"]["findFirstOrThrow"]>>;

function policyView(r: PolicyRow) {
  return {
    id: r.id,
    name: r.name,
    trigger: readTrigger(r.trigger),
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
