import type { Handlers } from "../runtime";
import type { WorkerDeps } from "./deps";
import { mailInvitation } from "./mail-invitation";
import { auditPrune, retentionSweep } from "./retention";
import { processUpload } from "@lantern/services/ingest/process-upload";

export function createHandlers(deps: WorkerDeps): Handlers {
  return {
    "ingest.process-upload": (payload) => processUpload({ db: deps.db, secret: deps.secret }, payload.tenantId, payload.uploadId),
    "mail.invitation": (payload) => mailInvitation(deps, payload),
    "audit.prune": (payload) => auditPrune(deps, payload),
    "system.retention-sweep": (payload) => retentionSweep(deps, payload),
  };
}
