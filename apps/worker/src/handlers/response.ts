import type { JobPayload } from "@lantern/jobs/catalog";
import { attemptDelivery, deliveryGaveUp } from "@lantern/services/response/deliveries";
import { PermanentFailure } from "@lantern/services/response/outbound";
import { runPolicies } from "@lantern/services/response/policy-run";
import { UnrecoverableError } from "bullmq";
import type { WorkerDeps } from "./deps";

/**
 * The workspace's policies over its new alerts (deliveries they write are
 * queued at once), then the mail of members who want each new alert.
 */
export async function responseEvaluate(
  deps: WorkerDeps,
  payload: JobPayload<"response.evaluate">,
  jobId: string,
): Promise<string> {
  const { matched, deliveries } = await runPolicies(deps, payload.tenantId);
  if (deps.mailer)
    await deps.jobs.enqueue(
      "notify.mail",
      { tenantId: payload.tenantId, cadence: "immediate" },
      { jobId: `mail-${jobId}` },
    );
  return `${matched} alerts acted on by policies; ${deliveries} deliveries queued`;
}

/** One delivery attempt; an answer that retrying cannot change (a 4xx, a refused address) is not retried. */
export async function responseDeliver(deps: WorkerDeps, payload: JobPayload<"response.deliver">): Promise<string> {
  try {
    return await attemptDelivery(deps, payload.tenantId, payload.deliveryId);
  } catch (error) {
    if (error instanceof PermanentFailure) throw new UnrecoverableError(error.message);
    throw error;
  }
}

export const responseDeliverGaveUp = (deps: WorkerDeps, payload: JobPayload<"response.deliver">, reason: string) =>
  deliveryGaveUp(deps.db, payload.tenantId, payload.deliveryId, reason);
