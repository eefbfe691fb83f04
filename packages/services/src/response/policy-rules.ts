// What a response policy reacts to and what it does, as data: the trigger
// (which alerts) and the actions (whom to tell, what to block). The same
// trigger selects alerts for the live run and for the dry run over history,
// so what a dry run shows is what the policy would do.
import type { Prisma } from "@lantern/db/client";
import { z } from "zod";
import { SEVERITIES, severitiesFrom } from "../severity";
import { LISTS } from "./block-list";
import { actorTargets, type BlockableTarget } from "./actor-targets";

export const VERDICTS = ["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"] as const;

export const ZTrigger = z.object({
  /** Detector ids; none means any detector. */
  detectors: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  verdicts: z.array(z.enum(VERDICTS)).min(1, "Pick at least one verdict.").default(["ATTACK"]),
  minSeverity: z.enum(SEVERITIES).default("HIGH"),
  /** Services (hosts) of the alert's endpoint; none means any. */
  hosts: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
  /** Kinds of the alert's actor ("ip", "api_key", "jwt_sub"…); none means any, including alerts without one. */
  actorKinds: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
});
export type Trigger = z.output<typeof ZTrigger>;

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
export function alertsMatching(tenantId: string, t: Trigger): Prisma.AlertWhereInput {
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
