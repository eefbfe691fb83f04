// Findings become alerts, one per campaign: a finding whose campaign already
// has an alert adds to it (later last-seen, more evidence, the stronger
// severity; one more occurrence when it began after the alert's last-seen,
// not when it is the same window judged again as a stream went on) instead
// of raising another. A resolved
// or false-positive alert that happens again is reopened, unless a
// suppression (what the false positive taught, an allow-list) matches it
// first: then it is counted on the suppression and raises nothing.
import type { Prisma } from "@lantern/db/client";
import { worseSeverity } from "../severity";
import { newId } from "@lantern/db/ids";
import type { EventRef } from "@lantern/engine/detection/actors";
import {
  MAX_ALERT_ADDRESSES,
  MAX_EVIDENCE,
  type Finding,
  type Severity,
  type Verdict,
} from "@lantern/engine/detection/types";
import type { Matcher } from "./suppressions";

const SEVERITY = { low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" } as const satisfies Record<
  Severity,
  string
>;
const VERDICT = {
  attack: "ATTACK",
  suspicious: "SUSPICIOUS",
  "benign-explained": "BENIGN_EXPLAINED",
} as const satisfies Record<Verdict, string>;

export type RecordOutcome = { raised: number; merged: number; reopened: number; suppressed: number };

export async function recordFindings(
  tx: Prisma.TransactionClient,
  tenantId: string,
  findings: Finding[],
  ids: {
    actor: (key: string) => string | undefined;
    endpoint: (f: Finding) => string | undefined;
    addresses: (f: Finding) => string[];
  },
  suppressions: Matcher[] = [],
): Promise<RecordOutcome> {
  const outcome: RecordOutcome = { raised: 0, merged: 0, reopened: 0, suppressed: 0 };
  const window = (f: Finding) => ({ from: new Date(f.from).toISOString(), to: new Date(f.to).toISOString() });
  for (const f of findings) {
    const severity = SEVERITY[f.severity];
    const activity = (alertId: string, kind: string, detail: Record<string, unknown> = {}) =>
      tx.alertActivity.create({
        data: { id: newId("alertActivity"), tenantId, alertId, kind, detail: detail as Prisma.InputJsonValue },
      });
    const actorId = f.actor ? ids.actor(f.actor) : undefined;
    const endpointId = ids.endpoint(f);
    const addresses = ids.addresses(f);
    const suppression = suppressions.find((s) => s.matches(f, { actorId, endpointId, addresses }));
    if (suppression) {
      const hit = await tx.suppression.update({
        where: { id: suppression.id },
        data: { hits: { increment: 1 }, lastHitAt: new Date() },
        select: { alertId: true },
      });
      if (hit.alertId) await activity(hit.alertId, "suppressed", window(f));
      outcome.suppressed++;
      continue;
    }
    const existing = await tx.alert.findUnique({ where: { tenantId_campaign: { tenantId, campaign: f.campaign } } });
    if (!existing) {
      const alert = await tx.alert.create({
        data: {
          id: newId("alert"),
          tenantId,
          detector: f.detector,
          campaign: f.campaign,
          actorId,
          endpointId,
          severity,
          confidence: f.confidence,
          risk: alertRisk(severity, f.confidence, VERDICT[f.verdict]),
          verdict: VERDICT[f.verdict],
          title: f.title,
          explanation: f.explanation,
          measures: f.measures as Prisma.InputJsonValue,
          evidence: f.evidence as Prisma.InputJsonValue,
          facts: f.facts as Prisma.InputJsonValue,
          addresses: union([], f.addresses ?? addresses),
          firstSeen: new Date(f.from),
          lastSeen: new Date(f.to),
        },
      });
      await activity(alert.id, "raised", { detector: f.detector });
      await raiseRisk(tx, tenantId, alert.actorId, f);
      outcome.raised++;
      continue;
    }
    // Resolved, or a false positive whose suppression was removed: it is happening again.
    const reopen = existing.status === "RESOLVED" || existing.status === "FALSE_POSITIVE";
    const evidence = unionRefs(existing.evidence as EventRef[], f.evidence).slice(-MAX_EVIDENCE);
    const merged = {
      severity: worseSeverity(existing.severity, severity),
      confidence: Math.max(existing.confidence, f.confidence),
      verdict: existing.verdict === "ATTACK" ? ("ATTACK" as const) : VERDICT[f.verdict],
    };
    await tx.alert.update({
      where: { id: existing.id },
      data: {
        ...(f.from > existing.lastSeen.getTime() ? { occurrences: { increment: 1 } } : {}),
        lastSeen: maxDate(existing.lastSeen, f.to),
        firstSeen: f.from < existing.firstSeen.getTime() ? new Date(f.from) : existing.firstSeen,
        ...merged,
        risk: alertRisk(merged.severity, merged.confidence, merged.verdict),
        title: f.title,
        explanation: f.explanation,
        measures: f.measures as Prisma.InputJsonValue,
        evidence: evidence as Prisma.InputJsonValue,
        facts: f.facts as Prisma.InputJsonValue,
        addresses: union(existing.addresses, f.addresses ?? addresses),
        ...(reopen ? { status: "NEW" as const } : {}),
      },
    });
    await activity(existing.id, reopen ? "reopened" : "merged", window(f));
    await raiseRisk(tx, tenantId, existing.actorId, f);
    if (reopen) outcome.reopened++;
    else outcome.merged++;
  }
  return outcome;
}

/** The alert's addresses with the new ones after them, at most MAX_ALERT_ADDRESSES. */
const union = (kept: string[], added: string[]) => [...new Set([...kept, ...added])].slice(0, MAX_ALERT_ADDRESSES);

/** Refs in order, each once: a window judged again names the requests it named before. */
function unionRefs(kept: EventRef[], added: EventRef[]): EventRef[] {
  const seen = new Set(kept.map((r) => `${r.uploadId}:${r.line}`));
  return [...kept, ...added.filter((r) => !seen.has(`${r.uploadId}:${r.line}`))];
}

const maxDate = (a: Date, b: number) => (b > a.getTime() ? new Date(b) : a);

/**
 * An alert's risk, 0 to 100: its severity weighted by its confidence; one explained as benign carries none.
 * The migration that added the column computes the same for the alerts raised before it.
 */
const RISK = { LOW: 25, MEDIUM: 50, HIGH: 75, CRITICAL: 100 } as const;
export function alertRisk(severity: keyof typeof RISK, confidence: number, verdict: (typeof VERDICT)[Verdict]) {
  return verdict === "BENIGN_EXPLAINED" ? 0 : Math.round(RISK[severity] * confidence);
}

/** An actor's risk: the strongest of its alerts' (alertRisk). */
async function raiseRisk(
  tx: Prisma.TransactionClient,
  tenantId: string,
  actorId: string | null | undefined,
  f: Finding,
) {
  const risk = alertRisk(SEVERITY[f.severity], f.confidence, VERDICT[f.verdict]);
  if (!actorId || risk === 0) return;
  await tx.actor.updateMany({ where: { id: actorId, tenantId, riskScore: { lt: risk } }, data: { riskScore: risk } });
}
