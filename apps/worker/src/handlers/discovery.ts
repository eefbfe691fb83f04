import type { JobPayload } from "@lantern/jobs/catalog";
import { discoverUpload } from "@lantern/services/discovery/discover-upload";
import type { WorkerDeps } from "./deps";

/** Adds a completed upload to the inventory (queued by the ingest job when the upload completes). */
export async function discoverUploadJob(deps: WorkerDeps, payload: JobPayload<"discovery.update-upload">): Promise<string> {
  const outcome = await discoverUpload({ db: deps.db }, payload.tenantId, payload.uploadId);
  return outcome.status === "SKIPPED" ? "already in the inventory" : `${outcome.events} events, ${outcome.endpoints} endpoints updated`;
}
