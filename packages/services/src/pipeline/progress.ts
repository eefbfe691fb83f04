// Where an upload stands in each stage of the pipeline, read off the marks
// the stages commit on the upload row: the bytes ingestion has read, the
// last line discovery and detection have committed, and when each finished.
// The dashboard, the REST API and the CLI show the same figures, so a
// shipper knows when its alerts are ready.
import type { StageName } from "./stages";

export type StageState = "waiting" | "running" | "done" | "failed" | "skipped";
export type StageProgress = { stage: StageName; state: StageState; progress: number; finishedAt: Date | null };

export type UploadMarks = {
  status: string;
  sizeBytes: number;
  bytesRead: number;
  linesRead: number;
  linesAccepted: number;
  completedAt: Date | null;
  discoveredAt: Date | null;
  discoveredLine: number;
  detectedAt: Date | null;
  detectedLine: number;
  postureAt: Date | null;
};

/** Never 100% before a stage says it is done (its last commit marks it). */
const partly = (done: number, of: number) => (of > 0 ? Math.min(0.99, done / of) : 0);

function ingestProgress(u: UploadMarks): StageProgress {
  const base = { stage: "ingest" as const, finishedAt: u.completedAt };
  if (u.status === "COMPLETED") return { ...base, state: "done", progress: 1 };
  if (u.status === "FAILED") return { ...base, state: "failed", progress: partly(u.bytesRead, u.sizeBytes) };
  // A duplicate's content is already in the workspace: nothing of it goes further.
  if (u.status === "DUPLICATE") return { ...base, state: "skipped", progress: 1 };
  const running = u.status === "PROCESSING";
  return { ...base, state: running ? "running" : "waiting", progress: partly(u.bytesRead, u.sizeBytes) };
}

/** A stage that reads the upload's events in line order, in parts, after the one before it. */
function partedProgress(stage: StageName, before: StageProgress, at: Date | null, line: number, linesRead: number) {
  const base = { stage, finishedAt: at };
  if (at) return { ...base, state: "done", progress: 1 } satisfies StageProgress;
  if (before.state === "failed" || before.state === "skipped")
    return { ...base, state: "skipped", progress: 0 } as const;
  if (before.state !== "done") return { ...base, state: "waiting", progress: 0 } as const;
  return { ...base, state: line > 0 ? "running" : "waiting", progress: partly(line, linesRead) } as const;
}

/** Posture judges the whole inventory at once: waiting, then done. */
function postureProgress(before: StageProgress, at: Date | null): StageProgress {
  const base = { stage: "posture" as const, finishedAt: at };
  if (at) return { ...base, state: "done", progress: 1 };
  if (before.state === "failed" || before.state === "skipped") return { ...base, state: "skipped", progress: 0 };
  return { ...base, state: before.state === "done" ? "running" : "waiting", progress: 0 };
}

/** Each stage's state, in pipeline order. */
export function stagesOf(u: UploadMarks): StageProgress[] {
  const ingest = ingestProgress(u);
  // Only an upload that completed with events is added to the inventory (see the ingest stage's passOn).
  const ingested = ingest.state === "done" && u.linesAccepted === 0 ? { ...ingest, state: "skipped" as const } : ingest;
  const discovery = partedProgress("discovery", ingested, u.discoveredAt, u.discoveredLine, u.linesRead);
  const detection = partedProgress("detection", discovery, u.detectedAt, u.detectedLine, u.linesRead);
  return [ingest, discovery, detection, postureProgress(detection, u.postureAt)];
}
