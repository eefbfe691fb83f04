import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "./root";
import { ID_TAKING_PROCEDURES } from "./isolation-targets";

/** Procedures whose input has a field named like `somethingId`. */
function procedures(): { path: string; takesId: boolean }[] {
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
    const inputs = (procedure as unknown as { _def: { inputs: unknown[] } })._def.inputs;
    const keys = inputs.flatMap((input) => (input instanceof z.ZodObject ? Object.keys(input.shape) : []));
    return { path, takesId: keys.some((k) => /Id$/.test(k)) };
  });
}

describe("isolation targets", () => {
  it("lists exactly the procedures that take an object id", () => {
    const found = procedures()
      .filter((p) => p.takesId)
      .map((p) => p.path)
      .sort();
    expect(found).toEqual([...ID_TAKING_PROCEDURES].sort());
  });

  it("sees the router's procedures (so the check above cannot pass vacuously)", () => {
    expect(procedures().length).toBeGreaterThan(10);
  });
});
