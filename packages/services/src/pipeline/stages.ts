// The stages an upload goes through, in order, declared once: ingestion
// (parse, normalise, store events), discovery (the API inventory), detection
// (actors, detectors, alerts), posture (findings per endpoint). Each stage is one
// job per upload; the runner (run-stage.ts) gives it its turns, queues it
// again when it gives way, and passes the upload on to the next stage.
import type { JobName } from "@lantern/jobs/catalog";
import type { JobsClient } from "@lantern/jobs/client";
import type { Db } from "@lantern/db/client";
import { detectUpload } from "../detection/detect-upload";
import { discoverUpload } from "../discovery/discover-upload";
import { processUpload } from "../ingest/process-upload";
import type { ReadLimits } from "../ingest/read-limits";
import { failUpload, stoppedError } from "../ingest/fail-upload";
import { huntUpload } from "../hunt/detectors";
import { judgeUploadPosture } from "../posture/judge-inventory";
import { INGEST_JOB } from "./start";

export type StageName = "ingest" | "discovery" | "detection" | "posture";

/** What the stages need; tests make the turns small to see them taken. */
export type PipelineDeps = {
  db: Db;
  secret: string;
  /** Bounds on one upload's lines and decompressed bytes (defaults when not given). */
  readLimits?: Partial<ReadLimits>;
  /** Lines per ingestion turn. */
  ingestSliceLines?: number;
  /** Events per discovery and detection part. */
  partEvents?: number;
  /** The queue, for work a stage hands on beside the pipeline (response policies after posture). */
  jobs?: JobsClient;
};

export type StageRun =
  /** Work is left and others are waiting: queued again, to go on after `resumeAfter` (a line number). */
  | { status: "continue"; resumeAfter: number; summary: string }
  /** The stage is through with the upload; `passOn`: the next stage has work to do. */
  | { status: "done"; passOn: boolean; summary: string };

export type Stage = {
  name: StageName;
  job: JobName;
  /** Job ids are `${jobIdPrefix}-${uploadId}[-suffix]`: enqueuing a stage twice for the same point adds nothing. */
  jobIdPrefix: string;
  run(deps: PipelineDeps, tenantId: string, uploadId: string, shouldYield: () => Promise<boolean>): Promise<StageRun>;
  /** The job failed for good (no retry left): leave the upload in a state people understand. */
  gaveUp?(deps: PipelineDeps, tenantId: string, uploadId: string, reason: string): Promise<void>;
};

/** Lines per ingestion turn: a few seconds of work, so a small upload behind a huge one waits seconds, not hours. */
export const INGEST_SLICE_LINES = 200_000;

const ingest: Stage = {
  name: "ingest",
  ...INGEST_JOB,
  async run(deps, tenantId, uploadId, shouldYield) {
    const options = {
      db: deps.db,
      secret: deps.secret,
      sliceLines: deps.ingestSliceLines ?? INGEST_SLICE_LINES,
      shouldYield,
      limits: deps.readLimits,
    };
    const outcome = await processUpload(options, tenantId, uploadId);
    if (outcome.status === "CONTINUE") {
      return { status: "continue", resumeAfter: outcome.linesRead, summary: `paused after ${outcome.linesRead} lines` };
    }
    return {
      status: "done",
      passOn: outcome.status === "COMPLETED" && outcome.linesAccepted > 0,
      summary: `${outcome.status.toLowerCase()}: ${outcome.linesAccepted} events, ${outcome.linesRejected} rejected`,
    };
  },
  // Retries are exhausted (or the job can never succeed): the upload fails with the reason, keeping what it committed.
  async gaveUp(deps, tenantId, uploadId, reason) {
    await failUpload(deps.db, tenantId, uploadId, stoppedError(reason));
  },
};

const discovery: Stage = {
  name: "discovery",
  job: "discovery.update-upload",
  jobIdPrefix: "discover",
  async run(deps, tenantId, uploadId, shouldYield) {
    const outcome = await discoverUpload({ db: deps.db, partEvents: deps.partEvents, shouldYield }, tenantId, uploadId);
    if (outcome.status === "CONTINUE") {
      return {
        status: "continue",
        resumeAfter: outcome.line,
        summary: `paused after line ${outcome.line} (${outcome.events} events added)`,
      };
    }
    if (outcome.status === "SKIPPED") return { status: "done", passOn: false, summary: "already in the inventory" };
    return {
      status: "done",
      passOn: true,
      summary: `${outcome.events} events, ${outcome.endpoints} endpoints updated`,
    };
  },
};

const detection: Stage = {
  name: "detection",
  job: "detection.update-upload",
  jobIdPrefix: "detect",
  async run(deps, tenantId, uploadId, shouldYield) {
    const outcome = await detectUpload({ db: deps.db, partEvents: deps.partEvents, shouldYield }, tenantId, uploadId);
    if (outcome.status === "CONTINUE") {
      return { status: "continue", resumeAfter: outcome.line, summary: `paused after line ${outcome.line}` };
    }
    // Saved hunts run once the whole upload is judged; a retry after a failure here runs them then.
    const hunted = await huntUpload(deps.db, tenantId, uploadId);
    const hunts =
      hunted.status === "HUNTED" && hunted.hunts > 0
        ? `; saved hunts: ${hunted.hunts} run, ${hunted.matched} requests matched, ${hunted.raised} alerts raised`
        : "";
    if (outcome.status === "SKIPPED") {
      return { status: "done", passOn: false, summary: `already judged (or not yet in the inventory)${hunts}` };
    }
    const { events, raised, merged, reopened, suppressed, phases } = outcome;
    return {
      status: "done",
      passOn: true,
      summary: `${events} events: ${raised} alerts raised, ${merged} merged, ${reopened} reopened, ${suppressed} suppressed (${phases})${hunts}`,
    };
  },
};

const posture: Stage = {
  name: "posture",
  job: "posture.update-upload",
  jobIdPrefix: "posture",
  async run(deps, tenantId, uploadId) {
    const outcome = await judgeUploadPosture(deps.db, tenantId, uploadId);
    // The upload's alerts and findings are all written: response policies act on them now.
    await deps.jobs?.enqueue("response.evaluate", { tenantId }, { jobId: `respond-${uploadId}` });
    if (outcome.status === "SKIPPED") return { status: "done", passOn: false, summary: "already judged" };
    const { endpoints, opened, reopened, resolved, score } = outcome;
    return {
      status: "done",
      passOn: true,
      summary: `${endpoints} endpoints judged: ${opened} findings opened, ${reopened} reopened, ${resolved} resolved; posture score ${score}`,
    };
  },
};

/** In order: an upload goes from each stage to the one after it. */
export const STAGES: readonly Stage[] = [ingest, discovery, detection, posture];

export function stageNamed(name: StageName): Stage {
  return STAGES.find((s) => s.name === name)!;
}

export function stageAfter(stage: Stage): Stage | undefined {
  return STAGES[STAGES.indexOf(stage) + 1];
}
