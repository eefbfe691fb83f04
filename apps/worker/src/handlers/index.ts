import { runStage } from "@lantern/services/pipeline/run-stage";
import { STAGES } from "@lantern/services/pipeline/stages";
import type { FailureHandlers, Handlers } from "../runtime";
import type { WorkerDeps } from "./deps";
import { uploadsSweep } from "./ingest";
import { mailInvitation } from "./mail-invitation";
import { mailPasswordReset } from "./mail-password-reset";
import { digestSweep, notifyMail } from "./notify";
import { pushSweep, responseDeliver, responseDeliverGaveUp, responseEvaluate, responsePush } from "./response";
import { auditPrune, eventsTrim, retentionSweep } from "./retention";
import { threatListsRefresh, threatListsSweep } from "./threat-lists";

export function createHandlers(deps: WorkerDeps): Handlers {
  return {
    // The upload pipeline: its stages and their order are declared in services/pipeline/stages.ts.
    "ingest.process-upload": (payload) => runStage("ingest", deps, payload),
    "discovery.update-upload": (payload) => runStage("discovery", deps, payload),
    "detection.update-upload": (payload) => runStage("detection", deps, payload),
    "posture.update-upload": (payload) => runStage("posture", deps, payload),
    "response.evaluate": (payload, job) => responseEvaluate(deps, payload, job.id ?? String(Date.now())),
    "response.push": (payload) => responsePush(deps, payload),
    "system.push-sweep": (payload) => pushSweep(deps, payload),
    "notify.mail": (payload) => notifyMail(deps, payload),
    "system.digest-sweep": (payload) => digestSweep(deps, payload),
    "response.deliver": (payload) => responseDeliver(deps, payload),
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
  const handlers: FailureHandlers = {
    "response.deliver": (payload, reason) => responseDeliverGaveUp(deps, payload, reason),
  };
  for (const stage of STAGES) {
    const gaveUp = stage.gaveUp;
    if (!gaveUp) continue;
    Object.assign(handlers, {
      [stage.job]: (payload: { tenantId: string; uploadId: string }, reason: string) =>
        gaveUp(deps, payload.tenantId, payload.uploadId, reason),
    });
  }
  return handlers;
}
