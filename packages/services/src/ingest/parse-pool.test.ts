import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultParseThreads } from "./parse-pool";

describe("defaultParseThreads", () => {
  const cores = availableParallelism();
  const clamp = (n: number) => Math.max(0, Math.min(n, 4));

  it("leaves a core to the reading thread, and one to Postgres when it runs on this machine", () => {
    expect(defaultParseThreads({ DATABASE_URL: "postgresql://lantern@127.0.0.1:5432/lantern" })).toBe(clamp(cores - 2));
    expect(defaultParseThreads({ DATABASE_URL: "postgresql://lantern@localhost/lantern" })).toBe(clamp(cores - 2));
    expect(defaultParseThreads({})).toBe(clamp(cores - 2));
    expect(defaultParseThreads({ DATABASE_URL: "postgresql://lantern@db.internal:5432/lantern" })).toBe(
      clamp(cores - 1),
    );
  });

  it("takes LANTERN_PARSE_THREADS when it is a count, at most 4", () => {
    expect(defaultParseThreads({ LANTERN_PARSE_THREADS: "0", DATABASE_URL: "postgresql://db.internal/x" })).toBe(0);
    expect(defaultParseThreads({ LANTERN_PARSE_THREADS: "3" })).toBe(3);
    expect(defaultParseThreads({ LANTERN_PARSE_THREADS: "64" })).toBe(4);
    expect(defaultParseThreads({ LANTERN_PARSE_THREADS: "many" })).toBe(clamp(cores - 2));
  });
});
