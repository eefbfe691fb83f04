import { sharedData } from "../testing/shared-data";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect";

const shared = (path: string) => readFileSync(sharedData(path), "utf8");
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");

describe("format detection", () => {
  it.each([
    ["the real Apache log", shared("real/apache-semicomplete-2015.log"), "combined"],
    ["ALB samples", shared("formats/aws-alb.log"), "aws-alb"],
    ["CloudFront samples", shared("formats/aws-cloudfront.log"), "aws-cloudfront"],
    ["API Gateway JSON", fixture("aws-api-gateway.jsonl"), "aws-api-gateway"],
    ["Kong JSON", fixture("kong-http-log.jsonl"), "kong"],
    ["a HAR capture", fixture("capture.har"), "har"],
  ])("recognises %s", (_, text, id) => {
    const d = detectFormat(text);
    expect(d.spec?.id).toBe(id);
    expect(d.confidence).toBe(1);
  });

  it("recognises generic JSON lines and proposes a mapping; the bad line lowers confidence", () => {
    const d = detectFormat(fixture("generic.jsonl"));
    expect(d.spec).toMatchObject({ id: "json", mapping: { time: "timestamp", path: "path", status: "status" } });
    expect(d.confidence).toBeCloseTo(2 / 3, 2);
  });

  it("tells the two Envoy defaults apart when the sample has only one kind", () => {
    const [legacy, current] = shared("formats/envoy.log").split("\n");
    expect(detectFormat(legacy!).spec?.id).toBe("envoy-legacy");
    expect(detectFormat(current!).spec?.id).toBe("envoy");
  });

  it("common log format lines are not mistaken for combined", () => {
    const d = detectFormat(`192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\n`);
    expect(d.spec?.id).toBe("common");
  });

  it("reports a mixed file with the share it can read, and the other format as an alternative", () => {
    const apache = shared("real/apache-semicomplete-2015.log").split("\n").slice(0, 60);
    const alb = shared("formats/aws-alb.log").split("\n").filter(Boolean);
    const d = detectFormat([...apache, ...alb, ...alb, ...alb].join("\n"));
    expect(d.spec?.id).toBe("combined");
    expect(d.confidence).toBeCloseTo(60 / 81, 2);
    expect(d.alternatives[0]).toMatchObject({ spec: { id: "aws-alb" } });
  });

  it("finds nothing in binary garbage or an empty file", () => {
    expect(detectFormat("\u0000\u0001\u0002garbage\ufffd\n\u0007")).toMatchObject({ spec: null, confidence: 0 });
    expect(detectFormat("")).toMatchObject({ spec: null, confidence: 0, sampledLines: 0 });
  });
});

describe("shippers' JSON envelopes", () => {
  it("Fluent Bit json_lines ({date, log}) and Vector/Docker ({message}) are detected by the line inside", () => {
    const lines = shared("real/apache-semicomplete-2015.log").split("\n").slice(0, 50);
    const fluentBit = lines.map((l, i) => JSON.stringify({ date: 1700000000 + i, log: l })).join("\n");
    const vector = lines.map((l) => JSON.stringify({ message: l, host: "web-1", source_type: "file" })).join("\n");
    expect(detectFormat(fluentBit)).toMatchObject({ spec: { id: "combined" }, confidence: 1 });
    expect(detectFormat(vector)).toMatchObject({ spec: { id: "combined" }, confidence: 1 });
  });

  it("a JSON access log with its own fields and a message is not mistaken for an envelope", () => {
    const app = [1, 2, 3]
      .map((i) =>
        JSON.stringify({
          timestamp: `2026-11-22T10:00:0${i}Z`,
          method: "GET",
          path: `/api/items/${i}`,
          status: 200,
          message: "request completed normally in 12ms",
        }),
      )
      .join("\n");
    expect(detectFormat(app)).toMatchObject({
      spec: { id: "json", mapping: { method: "method", path: "path" } },
      confidence: 1,
    });
  });
});
