import type { FailureHandlers, Handlers } from "../runtime";
import type { WorkerDeps } from "./deps";
import { mailInvitation } from "./mail-invitation";
import { mailPasswordReset } from "./mail-password-reset";
import { auditPrune, eventsTrim, retentionSweep } from "./retention";
import { discoverUploadJob } from "./discovery";
import { detectUploadJob } from "./detection";
import { ingestGaveUp, ingestUpload, uploadsSweep } from "./ingest";
import { threatListsRefresh, threatListsSweep } from "./threat-lists";

export function createHandlers(deps: WorkerDeps): Handlers {
  return {
    "ingest.process-upload": (payload) => ingestUpload(deps, payload),
    "discovery.update-upload": (payload) => discoverUploadJob(deps, payload),
    "detection.update-upload": (payload) => detectUploadJob(deps, payload),
    "mail.invitation": (payload) => mailInvitation(deps, payload),
    "mail.password-reset": (payload) => mailPasswordReset(deps, payload),
    "audit.prune": (payload) => auditPrune(deps, payload),
    "events.trim": (payload) => eventsTrim(deps, payload),
    "system.retention-sweep": (payload) => retentionSweep(deps, payload),
    "threat-lists.refresh": (payload) => threatListsRefresh(deps, payload),
    "system.threat-lists-sweep": (payload) => threatListsSweep(deps, payload),
    "system.uploads-sweep": (payload) => uploadsSweep(deps, payload),
  };
}

/** What to do when a job has failed for good (no retry left), for jobs whose subject must not stay unfinished. */
export function createFailureHandlers(deps: WorkerDeps): FailureHandlers {
  return {
    "ingest.process-upload": (payload, reason) => ingestGaveUp(deps, payload, reason),
  };
}
