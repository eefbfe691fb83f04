// Runs the workspace's switched-on response policies over the alerts that
// Lantern raised, added to or reopened since each policy was switched on.
// A policy acts on an alert once (a policy_matches row, unique per policy and
// alert, written in the same transaction as the blocks and the deliveries),
// so a retried job or a second upload acts on nothing twice.
//
// AUTO policies block at once (the allow list still wins: what it covers is
// recorded as spared, not blocked); SUGGEST policies record the blocks for
// an analyst to confirm or dismiss on the alert. Both notify.
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { newId } from "@lantern/db/ids";
import type { BlockNotice, Notice } from "@lantern/engine/response/notices";
import type { JobsClient } from "@lantern/jobs/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import type { BlockableTarget } from "./actor-targets";
import { allowListCovering, lockBlockList } from "./block-list";
import { addTargetsIn, type TargetOutcome } from "./bulk-block";
import { enqueueDeliveries, queueDeliveries } from "./deliveries";
import { type Actions, alertsMatching, policyTargets, type Trigger } from "./policy-rules";

/** Alerts one policy takes per run; the rest wait for the next run. */
const ALERTS_PER_RUN = 200;
/** Blocks one alert may add by itself: a botnet's 2,000 addresses are better blocked by an analyst who has looked. */
export const MAX_POLICY_BLOCKS = 500;

export type MatchTarget = TargetOutcome;
export type RunDeps = { db: Db; jobs?: JobsClient | null; appUrl: string };
type Policy = Awaited<ReturnType<Prisma.TransactionClient["responsePolicy"]["findFirstOrThrow"]>>;

export async function runPolicies(deps: RunDeps, tenantId: string): Promise<{ matched: number; deliveries: number }> {
  const policies = await withTenant(deps.db, tenantId, (tx) =>
    tx.responsePolicy.findMany({ where: { tenantId, enabled: true }, orderBy: { createdAt: "asc" } }),
  );
  let matched = 0;
  const deliveries: string[] = [];
  for (const policy of policies) {
    const alertIds = await withTenant(deps.db, tenantId, (tx) => newAlertsFor(tx, tenantId, policy));
    for (const alertId of alertIds) {
      const sent = await withTenant(deps.db, tenantId, (tx) => actOnAlert(tx, tenantId, policy, alertId, deps.appUrl));
      if (sent === null) continue;
      matched++;
      deliveries.push(...sent);
    }
  }
  await enqueueDeliveries(deps.jobs, tenantId, deliveries);
  return { matched, deliveries: deliveries.length };
}

/** Alerts the policy's trigger selects, raised, merged or reopened since it was switched on, not yet acted on. */
async function newAlertsFor(tx: Prisma.TransactionClient, tenantId: string, policy: Policy): Promise<string[]> {
  if (!policy.enabledAt) return [];
  const rows = await tx.alert.findMany({
    where: {
      ...alertsMatching(tenantId, policy.trigger as Trigger),
      activity: { some: { kind: { in: ["raised", "merged", "reopened"] }, at: { gte: policy.enabledAt } } },
      NOT: { id: { in: await actedOn(tx, tenantId, policy.id) } },
    },
    orderBy: { createdAt: "asc" },
    take: ALERTS_PER_RUN,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function actedOn(tx: Prisma.TransactionClient, tenantId: string, policyId: string) {
  const rows = await tx.policyMatch.findMany({ where: { tenantId, policyId }, select: { alertId: true } });
  return rows.map((r) => r.alertId);
}

/** One policy on one alert: the match, the blocks (or suggestions), the deliveries; null when acted on already. */
async function actOnAlert(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policy: Policy,
  alertId: string,
  appUrl: string,
): Promise<string[] | null> {
  const claimed = await tx.policyMatch.createManyAndReturn({
    data: [{ id: newId("policyMatch"), tenantId, policyId: policy.id, alertId, state: "notified" }],
    skipDuplicates: true,
  });
  if (claimed.length === 0) return null;
  const alert = await tx.alert.findFirstOrThrow({
    where: { id: alertId, tenantId },
    select: { id: true, addresses: true, actor: { select: { key: true, label: true } } },
  });
  const actions = policy.actions as Actions;
  const who = { actor: { id: policy.id, label: `policy: ${policy.name}` } };
  let targets: MatchTarget[] = [];
  let state = "notified";
  if (actions.block) {
    const wanted = policyTargets(alert, actions.block.targets).slice(0, MAX_POLICY_BLOCKS);
    if (policy.mode === "AUTO") {
      await lockBlockList(tx, tenantId);
      targets = await addTargetsIn(tx, tenantId, wanted, {
        list: actions.block.list,
        hours: policy.blockHours,
        alertId,
        who,
        reason: `Policy "${policy.name}"`,
      });
      state = "applied";
    } else {
      targets = await markSpared(tx, tenantId, wanted);
      state = "suggested";
    }
  }
  await tx.policyMatch.update({
    where: { id: claimed[0]!.id },
    data: { state, targets: targets as unknown as Prisma.InputJsonValue },
  });
  await tx.alertActivity.create({
    data: {
      id: newId("alertActivity"),
      tenantId,
      alertId,
      kind: "policy",
      detail: { policy: policy.name, policyId: policy.id, state, ...tally(targets) },
    },
  });
  const notice = await alertNotice(tx, tenantId, alertId, appUrl, {
    policy: policy.name,
    blocks: blockNotices(targets, actions, policy, who.actor.label),
  });
  return queueDeliveries(tx, tenantId, {
    integrationIds: actions.notify,
    notice,
    subjectId: alertId,
    policyId: policy.id,
  });
}

/** A suggestion: what would be blocked, with what the allow list would spare already marked. */
async function markSpared(tx: Prisma.TransactionClient, tenantId: string, wanted: BlockableTarget[]) {
  const covering = await allowListCovering(tx, tenantId, wanted);
  return wanted.map(
    (t, i): MatchTarget =>
      covering[i] ? { ...t, outcome: "spared", note: `allow list: ${covering[i]}` } : { ...t, outcome: "suggested" },
  );
}

const tally = (targets: MatchTarget[]) => ({
  blocked: targets.filter((t) => t.outcome === "blocked").length,
  suggested: targets.filter((t) => t.outcome === "suggested").length,
  spared: targets.filter((t) => t.outcome === "spared").length,
});

function blockNotices(targets: MatchTarget[], actions: Actions, policy: Policy, by: string): BlockNotice[] {
  const expiresAt = policy.blockHours ? new Date(Date.now() + policy.blockHours * 3_600_000).toISOString() : null;
  return targets
    .filter((t) => t.outcome === "blocked")
    .map((t) => ({
      label: t.label,
      list: actions.block?.list ?? "BLOCK",
      reason: `Policy "${policy.name}"`,
      expiresAt,
      by,
    }));
}

/** The notice for an alert, as integrations receive it. */
export async function alertNotice(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alertId: string,
  appUrl: string,
  extra: { policy: string | null; blocks?: BlockNotice[] },
): Promise<Notice> {
  const a = await tx.alert.findFirstOrThrow({
    where: { id: alertId, tenantId },
    include: {
      tenant: { select: { slug: true, name: true } },
      actor: { select: { label: true } },
      endpoint: { select: { method: true, template: true, service: { select: { host: true } } } },
    },
  });
  return {
    type: "alert.raised",
    at: new Date().toISOString(),
    workspace: a.tenant,
    policy: extra.policy,
    blocks: extra.blocks,
    alert: {
      id: a.id,
      url: `${appUrl.replace(/\/$/, "")}/w/${a.tenant.slug}/alerts/${a.id}`,
      title: a.title,
      detector: a.detector,
      severity: a.severity,
      verdict: a.verdict,
      status: a.status,
      explanation: a.explanation,
      endpoint: a.endpoint ? storedEndpointLabel(a.endpoint) : null,
      actor: a.actor?.label ?? null,
      addressCount: a.addresses.length,
      addresses: a.addresses.slice(0, 50),
      firstSeen: a.firstSeen.toISOString(),
      lastSeen: a.lastSeen.toISOString(),
      occurrences: a.occurrences,
    },
  };
}

export const ZDecideMatch = z.object({ matchId: z.string().min(1).max(64), decision: z.enum(["confirm", "dismiss"]) });

/** An analyst confirms a policy's suggested blocks (they are added, in their name) or dismisses them. */
export async function decideSuggestion(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZDecideMatch>,
  who: { actor: Actor },
) {
  const q = ZDecideMatch.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const match = await tx.policyMatch.findFirst({ where: { id: q.matchId, tenantId }, include: { policy: true } });
    if (!match) throw notFound("Policy suggestion");
    if (match.state !== "suggested") throw new AppError("CONFLICT", `This suggestion was ${match.state} already.`);
    const suggested = (match.targets as MatchTarget[]).filter((t) => t.outcome === "suggested");
    const actions = match.policy.actions as Actions;
    let targets = match.targets as MatchTarget[];
    if (q.decision === "confirm") {
      await lockBlockList(tx, tenantId);
      const applied = await addTargetsIn(tx, tenantId, suggested, {
        list: actions.block?.list ?? "BLOCK",
        hours: match.policy.blockHours,
        alertId: match.alertId,
        who,
        reason: `Policy "${match.policy.name}", confirmed by ${who.actor.label}`,
      });
      targets = [...targets.filter((t) => t.outcome !== "suggested"), ...applied];
    }
    const state = q.decision === "confirm" ? "applied" : "dismissed";
    await tx.policyMatch.update({
      where: { id: match.id },
      data: {
        state,
        targets: targets as unknown as Prisma.InputJsonValue,
        decidedBy: who.actor.label,
        decidedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: q.decision === "confirm" ? "policy.confirmed" : "policy.dismissed",
      target: { type: "alert", id: match.alertId },
      metadata: { policy: match.policy.name, ...tally(targets) },
    });
    return { state, ...tally(targets) };
  });
}

/** The policies' matches on an alert, for its page: what was done, what waits for a decision. */
export async function alertMatches(ctx: ServiceContext, tenantId: string, alertId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (!(await tx.alert.findFirst({ where: { id: alertId, tenantId }, select: { id: true } })))
      throw notFound("Alert");
    const rows = await tx.policyMatch.findMany({
      where: { tenantId, alertId },
      orderBy: { at: "asc" },
      include: { policy: { select: { name: true, mode: true, blockHours: true, actions: true } } },
    });
    return rows.map((m) => ({
      id: m.id,
      policy: m.policy.name,
      mode: m.policy.mode,
      list: (m.policy.actions as Actions).block?.list ?? null,
      blockHours: m.policy.blockHours,
      state: m.state,
      targets: m.targets as MatchTarget[],
      decidedBy: m.decidedBy,
      decidedAt: m.decidedAt,
      at: m.at,
    }));
  });
}
