import { describe, expect, it } from "vitest";
import { INGEST_JOB } from "./start";
import { STAGES } from "./stages";

describe("the pipeline's entrance", () => {
  it("queues the first stage's job", () => {
    expect({ job: STAGES[0]!.job, jobIdPrefix: STAGES[0]!.jobIdPrefix }).toEqual(INGEST_JOB);
  });
});
