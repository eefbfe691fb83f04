// What a response policy reacts to and what it does, as data: the trigger
// (which alerts, or which posture findings) and the actions (whom to tell,
// what to block). The same trigger selects for the live run and for the dry
// run over history, so what a dry run shows is what the policy would do.
// A finding names an endpoint, not a caller: a finding policy notifies and
// opens tickets, it never blocks.
import type { Prisma } from "@lantern/db/client";
import { z } from "zod";
import { SEVERITIES, severitiesFrom } from "../severity";
import { LISTS } from "./block-list";
import { actorTargets, type BlockableTarget } from "./actor-targets";

export const VERDICTS = ["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"] as const;

export const ZAlertTrigger = z.object({
  /** Policies stored before finding triggers existed have no `on`: they are alert policies. */
  on: z.literal("alert").default("alert"),
  /** Detector ids; none means any detector. */
  detectors: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  verdicts: z.array(z.enum(VERDICTS)).min(1, "Pick at least one verdict.").default(["ATTACK"]),
  minSeverity: z.enum(SEVERITIES).default("HIGH"),
  /** Services (hosts) of the alert's endpoint; none means any. */
  hosts: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
  /** Kinds of the alert's actor ("ip", "api_key", "jwt_sub"…); none means any, including alerts without one. */
  actorKinds: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
});
export type AlertTrigger = z.output<typeof ZAlertTrigger>;

export const ZFindingTrigger = z.object({
  on: z.literal("finding"),
  /** Posture check ids ("unauthenticated-sensitive-data"); none means any check. */
  checks: z.array(z.string().trim().min(1).max(60)).max(40).default([]),
  minSeverity: z.enum(SEVERITIES).default("HIGH"),
  /** Services (hosts) of the finding's endpoint; none means any. */
  hosts: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
});
export type FindingTrigger = z.output<typeof ZFindingTrigger>;

export const ZTrigger = z.union([ZFindingTrigger, ZAlertTrigger]);
export type Trigger = z.output<typeof ZTrigger>;

/** A stored trigger, read the way it is written (old rows get their defaults). */
export const readTrigger = (stored: unknown): Trigger => ZTrigger.parse(stored);

/** "caller": its identity when a gateway can match it, else its addresses; "addresses": every address of the alert. */
export const BLOCK_TARGETS = ["caller", "addresses", "both"] as const;

export const ZActions = z
  .object({
    notify: z.array(z.string().min(1).max(64)).max(20).default([]),
    block: z
      .object({ list: z.enum(LISTS).default("BLOCK"), targets: z.enum(BLOCK_TARGETS) })
      .nullable()
      .default(null),
  })
  .refine((a) => a.notify.length > 0 || a.block !== null, "A policy has to do something: notify or block.");
export type Actions = z.output<typeof ZActions>;

/** The alerts a trigger selects, as a Prisma filter. */
export function alertsMatching(tenantId: string, t: AlertTrigger): Prisma.AlertWhereInput {
  const severities = severitiesFrom(t.minSeverity);
  return {
    tenantId,
    severity: { in: [...severities] },
    verdict: { in: t.verdicts },
    ...(t.detectors.length ? { detector: { in: t.detectors } } : {}),
    ...(t.hosts.length ? { endpoint: { service: { host: { in: t.hosts } } } } : {}),
    ...(t.actorKinds.length ? { actor: { kind: { in: t.actorKinds } } } : {}),
  };
}

/** The findings a trigger selects (open ones: an accepted risk is not news), as a Prisma filter. */
export function findingsMatching(tenantId: string, t: FindingTrigger): Prisma.PostureFindingWhereInput {
  return {
    tenantId,
    status: "OPEN",
    severity: { in: [...severitiesFrom(t.minSeverity)] },
    ...(t.checks.length ? { check: { in: t.checks } } : {}),
    ...(t.hosts.length ? { endpoint: { service: { host: { in: t.hosts } } } } : {}),
  };
}

/** Rules that do not hold field by field: a finding policy cannot block. */
export function ruleProblem(trigger: Trigger, actions: Actions): { field: string; message: string } | null {
  if (trigger.on === "finding" && actions.block)
    return {
      field: "actions",
      message:
        "A finding names an endpoint, not a caller: a finding policy notifies or opens tickets, it cannot block.",
    };
  return null;
}

export type AlertForPolicy = {
  id: string;
  actor: { key: string; label: string } | null;
  addresses: string[];
};

/** What the policy's block action names for one alert. */
export function policyTargets(alert: AlertForPolicy, targets: (typeof BLOCK_TARGETS)[number]): BlockableTarget[] {
  const identity = actorTargets(alert.actor, []).filter((t) => t.kind !== "cidr");
  const addressOf = (ip: string): BlockableTarget => ({ kind: "cidr", value: ip, label: `address ${ip}` });
  const ownAddress = alert.actor?.key.startsWith("ip:") ? [alert.actor.key.slice(3)] : [];
  const addresses = [...new Set([...ownAddress, ...alert.addresses])].map(addressOf);
  if (targets === "addresses") return addresses;
  if (targets === "both") return [...identity, ...addresses];
  return identity.length ? identity : addresses;
}
