import { describe, expect, it } from "vitest";
import { stagesOf, type UploadMarks } from "./progress";

const at = new Date("2026-12-01T10:00:00Z");
const upload = (over: Partial<UploadMarks>): UploadMarks => ({
  status: "COMPLETED",
  sizeBytes: 1_000,
  bytesRead: 1_000,
  linesRead: 200,
  linesAccepted: 190,
  completedAt: at,
  discoveredAt: null,
  discoveredLine: 0,
  detectedAt: null,
  detectedLine: 0,
  postureAt: null,
  ...over,
});
const states = (u: UploadMarks) => stagesOf(u).map((s) => `${s.stage} ${s.state} ${s.progress}`);

describe("where an upload stands in each stage", () => {
  it("goes through the stages in order, each waiting for the one before", () => {
    expect(states(upload({ status: "RECEIVED", bytesRead: 0, completedAt: null }))).toEqual([
      "ingest waiting 0",
      "discovery waiting 0",
      "detection waiting 0",
      "posture waiting 0",
    ]);
    expect(states(upload({ status: "PROCESSING", bytesRead: 250, completedAt: null }))).toEqual([
      "ingest running 0.25",
      "discovery waiting 0",
      "detection waiting 0",
      "posture waiting 0",
    ]);
    expect(states(upload({ discoveredLine: 100 }))).toEqual([
      "ingest done 1",
      "discovery running 0.5",
      "detection waiting 0",
      "posture waiting 0",
    ]);
    expect(states(upload({ discoveredAt: at, discoveredLine: 200, detectedLine: 50 }))).toEqual([
      "ingest done 1",
      "discovery done 1",
      "detection running 0.25",
      "posture waiting 0",
    ]);
    const judged = stagesOf(upload({ discoveredAt: at, discoveredLine: 200, detectedAt: at, detectedLine: 200 }));
    expect(judged.map((s) => s.state)).toEqual(["done", "done", "done", "running"]);
    expect(judged[2]!.finishedAt).toBe(at);
    const all = stagesOf(upload({ discoveredAt: at, detectedAt: at, detectedLine: 200, postureAt: at }));
    expect(all.map((s) => `${s.stage} ${s.state} ${s.progress}`)).toContain("posture done 1");
  });

  it("never says 100% before a stage has marked itself done", () => {
    expect(stagesOf(upload({ status: "PROCESSING", bytesRead: 1_000, completedAt: null }))[0]!.progress).toBe(0.99);
    expect(stagesOf(upload({ discoveredLine: 200 }))[1]!.progress).toBe(0.99);
  });

  it("skips the later stages of a duplicate, a failed upload, and one without a single event", () => {
    expect(states(upload({ status: "DUPLICATE" })).slice(1)).toEqual([
      "discovery skipped 0",
      "detection skipped 0",
      "posture skipped 0",
    ]);
    expect(states(upload({ status: "FAILED", bytesRead: 500 }))).toEqual([
      "ingest failed 0.5",
      "discovery skipped 0",
      "detection skipped 0",
      "posture skipped 0",
    ]);
    expect(states(upload({ linesAccepted: 0 }))).toEqual([
      "ingest done 1",
      "discovery skipped 0",
      "detection skipped 0",
      "posture skipped 0",
    ]);
  });
});
