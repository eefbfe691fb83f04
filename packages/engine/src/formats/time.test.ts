import { describe, expect, it } from "vitest";
import { parseAnyTime, parseCommonLogTime, parseIsoTime } from "./time";

describe("timestamps", () => {
  it("reads common log time with any offset, by position or by pattern alike", () => {
    expect(parseCommonLogTime("10/Oct/2000:13:55:36 -0700")).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseCommonLogTime("01/Jan/2026:00:30:00 +0530")).toBe(Date.UTC(2025, 11, 31, 19, 0, 0));
    // Not the fixed width: a one-digit day and a fraction go through the pattern.
    expect(parseCommonLogTime("1/Jan/2026:00:00:00.250 +0000")).toBe(Date.UTC(2026, 0, 1, 0, 0, 0, 250));
    expect(parseCommonLogTime("10/Foo/2000:13:55:36 -0700")).toBeUndefined();
    expect(parseCommonLogTime("10/Oct/2000:13:55:36 x0700")).toBeUndefined();
    // The same minute in another zone is another instant.
    expect(parseCommonLogTime("10/Oct/2000:13:55:36 +0000")).toBe(Date.UTC(2000, 9, 10, 13, 55, 36));
    expect(parseCommonLogTime("10/Oct/2000:13:55:99 +0000")).toBeUndefined();
    expect(parseCommonLogTime("10/Oct/2000:25:00:00 +0000")).toBeUndefined();
    expect(parseIsoTime("2026-13-01T00:00:00Z")).toBeUndefined();
    // The one-entry memory does not leak between different inputs.
    expect(parseCommonLogTime("10/Oct/2000:13:55:37 -0700")).toBe(Date.UTC(2000, 9, 10, 20, 55, 37));
  });

  it("reads ISO 8601 with zones, and epoch seconds or milliseconds", () => {
    expect(parseIsoTime("2026-11-22T10:15:02+01:00")).toBe(Date.UTC(2026, 10, 22, 9, 15, 2));
    expect(parseIsoTime("2018-07-02T22:23:00.186641Z")).toBe(Date.UTC(2018, 6, 2, 22, 23, 0, 186));
    expect(parseAnyTime(1763806502123)).toEqual({ time: 1763806502123, secondsOnly: false });
    expect(parseAnyTime("1763806502.5")).toEqual({ time: 1763806502500, secondsOnly: false });
    expect(parseAnyTime("yesterday")).toBeUndefined();
    expect(parseAnyTime("1850-01-01T00:00:00Z")).toBeUndefined();
  });
});
