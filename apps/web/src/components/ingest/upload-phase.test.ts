import type { StageProgress } from "@lantern/services/pipeline/progress";
import { describe, expect, it } from "vitest";
import { uploadPhase } from "./upload-phase";

const stage = (stage: StageProgress["stage"], state: StageProgress["state"], progress = 0): StageProgress => ({
  stage,
  state,
  progress,
  finishedAt: null,
});

describe("an upload's one state", () => {
  it("names the first unfinished stage, with its share done", () => {
    const stages = [
      stage("ingest", "done", 1),
      stage("discovery", "done", 1),
      stage("detection", "running", 0.42),
      stage("posture", "waiting"),
    ];
    expect(uploadPhase({ status: "COMPLETED", stages })).toEqual({
      label: "judging for abuse 42%",
      tone: undefined,
      busy: true,
    });
  });

  it("says done only when every stage is", () => {
    const stages = (["ingest", "discovery", "detection", "posture"] as const).map((s) => stage(s, "done", 1));
    expect(uploadPhase({ status: "COMPLETED", stages }).label).toBe("done");
    const skipped = [
      stage("ingest", "done", 1),
      ...(["discovery", "detection", "posture"] as const).map((s) => stage(s, "skipped")),
    ];
    expect(uploadPhase({ status: "COMPLETED", stages: skipped }).label).toBe("done");
  });

  it("reads failures and duplicates from the status", () => {
    expect(uploadPhase({ status: "FAILED", stages: [] })).toMatchObject({ label: "failed", tone: "danger" });
    expect(uploadPhase({ status: "DUPLICATE", stages: [] }).label).toBe("duplicate: skipped");
    expect(uploadPhase({ status: "RECEIVED", stages: [stage("ingest", "waiting")] }).label).toBe("queued");
  });
});
