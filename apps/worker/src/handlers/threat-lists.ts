import { refreshThreatLists, tenantsWithUrlLists } from "@lantern/services/detection/threat-lists";
import type { JobPayload } from "@lantern/jobs/catalog";
import type { WorkerDeps } from "./deps";

/** The hourly tick: one refresh per workspace with a URL list, deduplicated per hour by job id. */
export async function threatListsSweep(
  deps: WorkerDeps,
  _payload: JobPayload<"system.threat-lists-sweep">,
  now = new Date(),
): Promise<string> {
  const tenants = await tenantsWithUrlLists(deps.db);
  const hour = now.toISOString().slice(0, 13);
  for (const tenantId of tenants)
    await deps.jobs.enqueue(
      "threat-lists.refresh",
      { tenantId },
      { jobId: `threat-lists.refresh-${tenantId}-${hour}` },
    );
  return `queued threat-list refreshes for ${tenants.length} workspaces`;
}

export async function threatListsRefresh(
  deps: WorkerDeps,
  payload: JobPayload<"threat-lists.refresh">,
): Promise<string> {
  const { refreshed, failed } = await refreshThreatLists(deps.db, payload.tenantId);
  return `refreshed ${refreshed} lists${failed ? `; ${failed} could not be fetched (their entries are kept)` : ""}`;
}
