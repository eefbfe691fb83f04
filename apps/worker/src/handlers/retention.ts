import { pruneAuditLog } from "@lantern/services/audit";
import { pruneSignInAttempts } from "@lantern/services/sign-in-limits";
import { pruneSessions } from "@lantern/services/sessions";
import { unsafeAllTenantIds } from "@lantern/services/workspaces";
import {
  createEventPartitionsAhead,
  dropExpiredEventPartitions,
  trimWorkspaceEvents,
} from "@lantern/services/ingest/event-retention";
import type { JobPayload } from "@lantern/jobs/catalog";
import type { WorkerDeps } from "./deps";

/**
 * The daily tick: one audit.prune job per workspace (deduplicated per day by
 * job id, so a repeated tick adds nothing), and the global sign-in attempts
 * table trimmed.
 */
export async function retentionSweep(
  deps: WorkerDeps,
  _payload: JobPayload<"system.retention-sweep">,
  now = new Date(),
): Promise<string> {
  const tenants = await unsafeAllTenantIds(deps.db);
  const day = now.toISOString().slice(0, 10);
  for (const tenantId of tenants) {
    await deps.jobs.enqueue("audit.prune", { tenantId }, { jobId: `audit.prune-${tenantId}-${day}` });
    await deps.jobs.enqueue("events.trim", { tenantId }, { jobId: `events.trim-${tenantId}-${day}` });
  }
  const attempts = await pruneSignInAttempts(deps.db, now);
  const sessions = await pruneSessions(deps.db, now);
  await createEventPartitionsAhead(deps.db, now);
  const dropped = await dropExpiredEventPartitions(deps.db, now);
  return `queued retention jobs for ${tenants.length} workspaces; pruned ${attempts} sign-in attempts and ${sessions} ended sessions; dropped ${dropped.length} event partitions`;
}

export async function auditPrune(deps: WorkerDeps, payload: JobPayload<"audit.prune">): Promise<string> {
  const deleted = await pruneAuditLog(deps.db, payload.tenantId);
  return `deleted ${deleted} audit entries`;
}

export async function eventsTrim(deps: WorkerDeps, payload: JobPayload<"events.trim">): Promise<string> {
  return `deleted ${await trimWorkspaceEvents(deps.db, payload.tenantId)} events`;
}
