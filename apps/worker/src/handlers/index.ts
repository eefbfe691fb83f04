import type { Handlers } from "../runtime";
import type { WorkerDeps } from "./deps";
import { mailInvitation } from "./mail-invitation";
import { auditPrune, retentionSweep } from "./retention";

export function createHandlers(deps: WorkerDeps): Handlers {
  return {
    "mail.invitation": (payload) => mailInvitation(deps, payload),
    "audit.prune": (payload) => auditPrune(deps, payload),
    "system.retention-sweep": (payload) => retentionSweep(deps, payload),
  };
}
