import type { JobPayload } from "@lantern/jobs/catalog";
import { mailAlerts, tenantsWithDigests } from "@lantern/services/response/alert-mail";
import type { WorkerDeps } from "./deps";

export async function notifyMail(deps: WorkerDeps, payload: JobPayload<"notify.mail">): Promise<string> {
  if (!deps.mailer) return "skipped: SMTP_URL is not configured on the worker";
  const { mails, alerts } = await mailAlerts(deps, payload.tenantId, payload.cadence);
  return `${mails} mails (${alerts} alerts listed), ${payload.cadence}`;
}

/** The daily tick: one digest job per workspace that has a member wanting it, deduplicated per day. */
export async function digestSweep(deps: WorkerDeps, _payload: JobPayload<"system.digest-sweep">, now = new Date()) {
  const tenants = await tenantsWithDigests(deps.db);
  const day = now.toISOString().slice(0, 10);
  for (const tenantId of tenants)
    await deps.jobs.enqueue("notify.mail", { tenantId, cadence: "daily" }, { jobId: `digest-${tenantId}-${day}` });
  return `queued daily digests for ${tenants.length} workspaces`;
}
