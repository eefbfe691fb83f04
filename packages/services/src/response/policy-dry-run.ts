// A policy's dry run: what it would have done over the stored history,
// judged in traffic time (an old log against its own days), kept on the
// policy so the page shows it and the policy can be switched on. An alert
// policy counts the alerts it matches, the addresses and identities it
// would block, the requests they sent, what the allow list would spare; a
// finding policy counts the findings it would have told about.
import { type Prisma, withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { z } from "zod";
import type { Actor, ServiceContext } from "../context";
import { notFound } from "../errors";
import { allowListCovering } from "./block-list";
import {
  type Actions,
  type AlertTrigger,
  alertsMatching,
  type FindingTrigger,
  findingsMatching,
  policyTargets,
  readTrigger,
} from "./policy-rules";
import { MAX_POLICY_BLOCKS } from "./policy-run";
import { requestsFrom, type Target } from "./targets";

export const ZDryRun = z.object({
  policyId: z.string().min(1).max(64),
  days: z.number().int().min(1).max(90).default(30),
});

type Window = { days: number; from: string; to: string };
type Ran = { ranAt: string; ranBy: string; notifications: number };

export type AlertDryRun = Window &
  Ran & {
    /** Dry runs stored before finding policies have no `on`. */
    on?: "alert";
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
    sample: { alertId: string; title: string; severity: string; lastSeen: string; targets: number }[];
  };

export type FindingDryRun = Window &
  Ran & {
    on: "finding";
    findings: number;
    /** Of those, the ones still open now (the rest were resolved or accepted since). */
    open: number;
    sample: {
      findingId: string;
      title: string;
      severity: string;
      endpoint: string;
      status: string;
      firstSeen: string;
    }[];
  };

export type DryRun = AlertDryRun | FindingDryRun;

export async function dryRunPolicy(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZDryRun>,
  who: { actor: Actor },
): Promise<DryRun> {
  const q = ZDryRun.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const policy = await tx.responsePolicy.findFirst({ where: { id: q.policyId, tenantId } });
    if (!policy) throw notFound("Policy");
    const trigger = readTrigger(policy.trigger);
    const actions = policy.actions as Actions;
    const ran: Ran = { ranAt: new Date().toISOString(), ranBy: who.actor.label, notifications: 0 };
    const result =
      trigger.on === "finding"
        ? await findingRun(tx, tenantId, trigger, actions, q.days, ran)
        : await alertRun(tx, tenantId, trigger, actions, q.days, ran);
    await tx.responsePolicy.update({
      where: { id: policy.id },
      data: { lastDryRun: result as unknown as Prisma.InputJsonValue },
    });
    return result;
  });
}

/** The last `days` before the newest traffic time there is (alerts' or findings'). */
function windowBefore(latest: Date | null, days: number) {
  const to = latest ?? new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return { from, to, window: { days, from: from.toISOString(), to: to.toISOString() } };
}

async function alertRun(
  tx: Prisma.TransactionClient,
  tenantId: string,
  trigger: AlertTrigger,
  actions: Actions,
  days: number,
  ran: Ran,
): Promise<AlertDryRun> {
  const latest = await tx.alert.aggregate({ where: { tenantId }, _max: { lastSeen: true } });
  const { from, to, window } = windowBefore(latest._max.lastSeen, days);
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
  const spared = named.flatMap((t, i) => (covering[i] ? [{ label: t.label, allowedBy: covering[i]! }] : []));
  const blocked: Target[] = named.filter((_, i) => !covering[i]);
  return {
    on: "alert",
    ...window,
    ...ran,
    alerts: alerts.length,
    addresses: blocked.filter((t) => t.kind === "cidr").length,
    identities: blocked.filter((t) => t.kind !== "cidr").length,
    requests: await requestsFrom(tx, tenantId, blocked, from, to),
    spared,
    capped,
    notifications: alerts.length * actions.notify.length,
    sample: perAlert.slice(0, 20),
  };
}

/** Findings first seen in the window, whatever became of them since: each would have been told about once. */
async function findingRun(
  tx: Prisma.TransactionClient,
  tenantId: string,
  trigger: FindingTrigger,
  actions: Actions,
  days: number,
  ran: Ran,
): Promise<FindingDryRun> {
  const latest = await tx.postureFinding.aggregate({ where: { tenantId }, _max: { lastSeen: true } });
  const { from, window } = windowBefore(latest._max.lastSeen, days);
  const { status: _open, ...anyStatus } = findingsMatching(tenantId, trigger);
  const findings = await tx.postureFinding.findMany({
    where: { ...anyStatus, firstSeen: { gte: from } },
    orderBy: [{ severity: "desc" }, { firstSeen: "desc" }],
    select: {
      id: true,
      title: true,
      severity: true,
      status: true,
      firstSeen: true,
      endpoint: { select: { method: true, template: true, service: { select: { host: true } } } },
    },
  });
  return {
    on: "finding",
    ...window,
    ...ran,
    findings: findings.length,
    open: findings.filter((f) => f.status === "OPEN").length,
    notifications: findings.length * actions.notify.length,
    sample: findings.slice(0, 20).map((f) => ({
      findingId: f.id,
      title: f.title,
      severity: f.severity,
      endpoint: storedEndpointLabel(f.endpoint),
      status: f.status,
      firstSeen: f.firstSeen.toISOString(),
    })),
  };
}
