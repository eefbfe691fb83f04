// Runs the workspace's switched-on response policies over the alerts that
// Lantern raised, added to or reopened since each policy was switched on
// (finding policies: policy-findings.ts). A policy acts on an alert once (a
// policy_matches row, unique per policy and alert, written in the same
// transaction as the blocks and the deliveries), so a retried job or a
// second upload acts on nothing twice.
//
// AUTO policies block at once (the allow list still wins: what it covers is
// recorded as spared, not blocked); SUGGEST policies record the blocks for
// an analyst to confirm or dismiss on the alert. Both notify.
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { BlockNotice } from "@lantern/engine/response/notices";
import type { JobsClient } from "@lantern/jobs/client";
import type { Actor } from "../context";
import type { BlockableTarget } from "./actor-targets";
import { allowListCovering, lockBlockList } from "./block-list";
import { addTargetsIn, type TargetOutcome } from "./bulk-block";
import { enqueueDeliveries, queueDeliveries } from "./deliveries";
import { actOnFindings } from "./policy-findings";
import { alertNotice } from "./subject-notices";
import { type Actions, type AlertTrigger, alertsMatching, policyTargets, readTrigger } from "./policy-rules";

/** Alerts one policy takes per run; the rest wait for the next run. */
const ALERTS_PER_RUN = 200;
/** Blocks one alert may add by itself: a botnet's 2,000 addresses are better blocked by an analyst who has looked. */
export const MAX_POLICY_BLOCKS = 500;

export type MatchTarget = TargetOutcome;
export type RunDeps = { db: Db; jobs?: JobsClient | null; appUrl: string };
export type Policy = Awaited<ReturnType<Prisma.TransactionClient["responsePolicy"]["findFirstOrThrow"]>>;
/** Who a policy's blocks and notices name. */
export const policyActor = (policy: Policy): Actor => ({ id: policy.id, label: `policy: ${policy.name}` });

export async function runPolicies(deps: RunDeps, tenantId: string): Promise<{ matched: number; deliveries: number }> {
  const policies = await withTenant(deps.db, tenantId, (tx) =>
    tx.responsePolicy.findMany({ where: { tenantId, enabled: true }, orderBy: { createdAt: "asc" } }),
  );
  let matched = 0;
  const deliveries: string[] = [];
  for (const policy of policies) {
    const trigger = readTrigger(policy.trigger);
    const acted =
      trigger.on === "finding"
        ? await actOnFindings(deps, tenantId, policy, trigger)
        : await actOnAlerts(deps, tenantId, policy, trigger);
    matched += acted.matched;
    deliveries.push(...acted.deliveries);
  }
  await enqueueDeliveries(deps.jobs, tenantId, deliveries);
  return { matched, deliveries: deliveries.length };
}

export type Acted = { matched: number; deliveries: string[] };

/** One alert policy over the alerts it has not acted on yet, one transaction per alert. */
async function actOnAlerts(deps: RunDeps, tenantId: string, policy: Policy, trigger: AlertTrigger): Promise<Acted> {
  const acted: Acted = { matched: 0, deliveries: [] };
  const alerts = await withTenant(deps.db, tenantId, (tx) => newAlertsFor(tx, tenantId, policy, trigger));
  for (const alert of alerts) {
    const sent = await withTenant(deps.db, tenantId, (tx) => actOnAlert(tx, tenantId, policy, alert, deps.appUrl));
    if (sent === null) continue;
    acted.matched++;
    acted.deliveries.push(...sent);
  }
  return acted;
}

const ALERT_FOR_POLICY = { id: true, addresses: true, actor: { select: { key: true, label: true } } } as const;
type AlertForRun = Prisma.AlertGetPayload<{ select: typeof ALERT_FOR_POLICY }>;

/** Alerts the trigger selects, raised, merged or reopened since the policy was switched on, not yet acted on. */
async function newAlertsFor(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policy: Policy,
  trigger: AlertTrigger,
): Promise<AlertForRun[]> {
  if (!policy.enabledAt) return [];
  return tx.alert.findMany({
    where: {
      ...alertsMatching(tenantId, trigger),
      activity: { some: { kind: { in: ["raised", "merged", "reopened"] }, at: { gte: policy.enabledAt } } },
      policies: { none: { policyId: policy.id } },
    },
    orderBy: { createdAt: "asc" },
    take: ALERTS_PER_RUN,
    select: ALERT_FOR_POLICY,
  });
}

/** One policy on one alert: the match, the blocks (or suggestions), the deliveries; null when acted on already. */
async function actOnAlert(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policy: Policy,
  alert: AlertForRun,
  appUrl: string,
): Promise<string[] | null> {
  const alertId = alert.id;
  const claimed = await tx.policyMatch.createManyAndReturn({
    data: [{ id: newId("policyMatch"), tenantId, policyId: policy.id, alertId, state: "notified" }],
    skipDuplicates: true,
  });
  if (claimed.length === 0) return null;
  const actions = policy.actions as Actions;
  const who = { actor: policyActor(policy) };
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

/** How many targets a match blocked, suggested and spared. */
export const tally = (targets: MatchTarget[]) => ({
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
