import { describe, expect, it } from "vitest";
import { ZFormatQuery } from "./validation";

describe("choosing a format", () => {
  it("json takes an explicit mapping", () => {
    expect(
      ZFormatQuery.parse({
        format: "json",
        mapping: '{"time":"when","method":"verb","path":"what","status":"outcome"}',
      }),
    ).toEqual({
      id: "json",
      mapping: { time: "when", method: "verb", path: "what", status: "outcome" },
    });
  });

  it("says what is wrong with a missing, broken or unknown mapping", () => {
    const message = (input: Record<string, string>) => ZFormatQuery.safeParse(input).error?.issues[0]?.message;
    expect(message({ format: "json" })).toContain('format=json needs a mapping: a JSON object such as {"time"');
    expect(message({ format: "json", mapping: "{not json" })).toContain("needs a mapping");
    expect(message({ format: "json", mapping: '{"colour":"x"}' })).toContain(
      'The JSON mapping is not usable: Unknown field "colour"; map these fields: time, method',
    );
    expect(message({ format: "json", mapping: "{}" })).toBe(
      "The JSON mapping is not usable: The mapping names no field",
    );
    expect(message({ format: "syslog" })).toContain('Unknown format "syslog"');
  });
});
