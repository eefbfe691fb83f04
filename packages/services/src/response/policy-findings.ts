// Finding policies: when a posture check opens (or reopens) a finding the
// trigger selects, the policy's integrations are told, and a ticket tool
// opens one ticket for it. Like alert policies, a policy acts on a finding
// once (a policy_matches row unique per policy and finding, written in the
// transaction that queues the deliveries) and only on findings opened after
// it was switched on, so switching one on does not replay the backlog.
import { type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { queueDeliveries } from "./deliveries";
import { type Actions, type FindingTrigger, findingsMatching } from "./policy-rules";
import type { Acted, Policy, RunDeps } from "./policy-run";
import { findingNotice } from "./subject-notices";

/** Findings one policy takes per run; the rest wait for the next run. */
const FINDINGS_PER_RUN = 200;

export async function actOnFindings(
  deps: RunDeps,
  tenantId: string,
  policy: Policy,
  trigger: FindingTrigger,
): Promise<Acted> {
  const acted: Acted = { matched: 0, deliveries: [] };
  const ids = await withTenant(deps.db, tenantId, (tx) => newFindingsFor(tx, tenantId, policy, trigger));
  for (const findingId of ids) {
    const sent = await withTenant(deps.db, tenantId, (tx) =>
      actOnFinding(tx, tenantId, policy, findingId, deps.appUrl),
    );
    if (sent === null) continue;
    acted.matched++;
    acted.deliveries.push(...sent);
  }
  return acted;
}

/** Findings the trigger selects, opened or reopened since the policy was switched on, not yet acted on. */
async function newFindingsFor(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policy: Policy,
  trigger: FindingTrigger,
): Promise<string[]> {
  if (!policy.enabledAt) return [];
  const rows = await tx.postureFinding.findMany({
    where: {
      ...findingsMatching(tenantId, trigger),
      activity: { some: { kind: { in: ["opened", "reopened"] }, at: { gte: policy.enabledAt } } },
      policies: { none: { policyId: policy.id } },
    },
    orderBy: { createdAt: "asc" },
    take: FINDINGS_PER_RUN,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** One policy on one finding: the match, a line in the finding's history, the deliveries; null when acted on already. */
async function actOnFinding(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policy: Policy,
  findingId: string,
  appUrl: string,
): Promise<string[] | null> {
  const claimed = await tx.policyMatch.createManyAndReturn({
    data: [{ id: newId("policyMatch"), tenantId, policyId: policy.id, findingId, state: "notified" }],
    skipDuplicates: true,
  });
  if (claimed.length === 0) return null;
  const actions = policy.actions as Actions;
  await tx.findingActivity.create({
    data: {
      id: newId("findingActivity"),
      tenantId,
      findingId,
      kind: "policy",
      detail: { policy: policy.name, policyId: policy.id, state: "notified" },
    },
  });
  return queueDeliveries(tx, tenantId, {
    integrationIds: actions.notify,
    notice: await findingNotice(tx, tenantId, findingId, appUrl, policy.name),
    subjectId: findingId,
    policyId: policy.id,
  });
}
