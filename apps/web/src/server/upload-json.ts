import type { UploadView } from "@lantern/services/ingest/uploads";

/** The public shape of an upload in the REST API (documented in openapi.ts). */
export function uploadJson(u: UploadView) {
  return {
    id: u.id,
    status: u.status,
    source: u.source,
    fileName: u.fileName,
    format: u.formatSpec,
    detectedConfidence: u.detectedConfidence,
    sizeBytes: u.sizeBytes,
    progress: u.progress,
    lines: {
      read: u.linesRead,
      accepted: u.linesAccepted,
      rejected: u.linesRejected,
      rejectReasons: u.rejectReasons,
      rejectSamples: u.rejectSamples,
    },
    timeRange: { from: u.timeFrom, to: u.timeTo },
    readiness: u.readiness,
    error: u.error,
    notice: u.notice,
    duplicateOf: u.duplicateOfId,
    createdAt: u.createdAt,
    completedAt: u.completedAt,
    inventory: { progress: u.discovery, addedAt: u.discoveredAt },
    // Every stage of the pipeline, in order: alerts are ready when detection is done (or skipped).
    stages: u.stages.map((s) => ({ name: s.stage, state: s.state, progress: s.progress, finishedAt: s.finishedAt })),
  };
}
