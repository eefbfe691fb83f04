// What Lantern says about an alert or a posture finding when it tells other
// tools: the same facts for a webhook, a chat message, a ticket, a SIEM event
// and the alert feed, with the link back to the dashboard.
import type { Prisma } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import type { AlertNotice, BlockNotice, Notice } from "@lantern/engine/response/notices";
import { appLink } from "../app-link";

const ENDPOINT = { select: { method: true, template: true, service: { select: { host: true } } } } as const;
const TENANT = { select: { slug: true, name: true } } as const;

/** What an alert's notice reads, for one alert or a page of them. */
export const ALERT_FOR_NOTICE = {
  tenant: TENANT,
  actor: { select: { label: true } },
  endpoint: ENDPOINT,
} as const;
export type AlertForNotice = Prisma.AlertGetPayload<{ include: typeof ALERT_FOR_NOTICE }>;

export function alertFacts(a: AlertForNotice, appUrl: string): AlertNotice {
  return {
    id: a.id,
    url: appLink(appUrl, `/w/${a.tenant.slug}/alerts/${a.id}`),
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
  };
}

/** The notice for an alert, as integrations receive it. */
export async function alertNotice(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alertId: string,
  appUrl: string,
  extra: { policy: string | null; blocks?: BlockNotice[] },
): Promise<Notice> {
  const a = await tx.alert.findFirstOrThrow({ where: { id: alertId, tenantId }, include: ALERT_FOR_NOTICE });
  return {
    type: "alert.raised",
    at: new Date().toISOString(),
    workspace: a.tenant,
    policy: extra.policy,
    blocks: extra.blocks,
    alert: alertFacts(a, appUrl),
  };
}

/** The notice for a finding, as integrations receive it: what is weak, where, and how to fix it. */
export async function findingNotice(
  tx: Prisma.TransactionClient,
  tenantId: string,
  findingId: string,
  appUrl: string,
  policy: string | null,
): Promise<Notice> {
  const f = await tx.postureFinding.findFirstOrThrow({
    where: { id: findingId, tenantId },
    include: { tenant: TENANT, endpoint: ENDPOINT },
  });
  return {
    type: "finding.opened",
    at: new Date().toISOString(),
    workspace: f.tenant,
    policy,
    finding: {
      id: f.id,
      url: appLink(appUrl, `/w/${f.tenant.slug}/findings/${f.id}`),
      title: f.title,
      check: f.check,
      owasp: f.owasp,
      severity: f.severity,
      status: f.status,
      detail: f.detail,
      fix: f.fix,
      endpoint: storedEndpointLabel(f.endpoint),
      confidence: f.confidence,
      firstSeen: f.firstSeen.toISOString(),
      lastSeen: f.lastSeen.toISOString(),
      evidence: f.evidenceCount,
    },
  };
}
