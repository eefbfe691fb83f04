// Blocking every address an alert's requests came from, in one step (a
// botnet's credential stuffing comes from hundreds): the preview counts what
// they sent in the last days of traffic and what the allow list spares; the
// block adds one entry per address, all with the same reason and expiry.
import { pushEdgeListsSoon } from "./edge-push";
import { type Prisma, withTenant } from "@lantern/db/client";
import { z } from "zod";
import type { Actor, ServiceContext } from "../context";
import { notFound } from "../errors";
import { LISTS, lockBlockList, splitByAllowList } from "./block-list";
import { addTargetsIn, blockSummary } from "./bulk-block";
import { policyTargets } from "./policy-rules";
import { MAX_POLICY_BLOCKS } from "./policy-run";
import { requestsFrom, trafficWindow } from "./targets";

export const ZAlertAddresses = z.object({
  alertId: z.string().min(1).max(64),
  days: z.number().int().min(1).max(30).default(7),
});
export const ZBlockAlertAddresses = z.object({
  alertId: z.string().min(1).max(64),
  list: z.enum(LISTS).default("BLOCK"),
  reason: z.string().trim().min(3, "Say why: the team and the audit log read it.").max(500),
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .nullable()
    .default(24),
});

async function alertAddresses(tx: Prisma.TransactionClient, tenantId: string, alertId: string) {
  const alert = await tx.alert.findFirst({
    where: { id: alertId, tenantId },
    select: { id: true, addresses: true, actor: { select: { key: true, label: true } } },
  });
  if (!alert) throw notFound("Alert");
  return policyTargets(alert, "addresses").slice(0, MAX_POLICY_BLOCKS);
}

export async function previewAlertAddresses(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZAlertAddresses>,
) {
  const q = ZAlertAddresses.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const targets = await alertAddresses(tx, tenantId, q.alertId);
    const { from, to } = await trafficWindow(tx, tenantId, q.days);
    const split = await splitByAllowList(tx, tenantId, targets, (t) => t);
    const spared = split.spared.map((x) => ({ address: x.item.value, allowedBy: x.allowedBy }));
    const blocked = split.kept;
    return {
      addresses: blocked.length,
      spared,
      requests: await requestsFrom(tx, tenantId, blocked, from, to),
      from,
      to,
    };
  });
}

export async function blockAlertAddresses(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZBlockAlertAddresses>,
  who: { actor: Actor },
) {
  const q = ZBlockAlertAddresses.parse(input);
  const outcome = await withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    const targets = await alertAddresses(tx, tenantId, q.alertId);
    const done = await addTargetsIn(tx, tenantId, targets, {
      list: q.list,
      hours: q.hours,
      alertId: q.alertId,
      who,
      reason: q.reason,
    });
    return blockSummary(done, q);
  });
  await pushEdgeListsSoon(ctx, tenantId);
  return outcome;
}
