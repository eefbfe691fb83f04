import { sharedData } from "../testing/shared-data";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAlbParser } from "./aws-alb";
import { createCloudFrontParser } from "./aws-cloudfront";

const shared = (path: string) => readFileSync(sharedData(path), "utf8");

describe("AWS ALB (the seven documented sample lines)", () => {
  const lines = shared("formats/aws-alb.log").split("\n").filter(Boolean);
  const parser = createAlbParser();
  const results = lines.map((l) => parser.parseLine(l));

  it("parses all seven", () => {
    expect(results.map((r) => r.ok)).toEqual(Array(7).fill(true));
  });

  it("reads the https line: client, timings, host without port, target group", () => {
    const r = results[1]!;
    expect(r).toEqual({
      ok: true,
      record: {
        time: Date.parse("2018-07-02T22:22:48.364Z"),
        timeSecondsOnly: false,
        peerIp: "192.168.131.39",
        upstream: "10.0.0.1:80",
        latencyMs: 171,
        upstreamLatencyMs: 48,
        status: 200,
        requestBytes: 0,
        responseBytes: 57,
        method: "GET",
        protocol: "HTTP/1.1",
        scheme: "https",
        tls: "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
        host: "www.example.com",
        path: "/",
        userAgent: "curl/7.46.0",
        service: "my-targets",
        requestId: "Root=1-58337281-1d84f3d73c47ec4e58577259",
      },
    });
  });

  it("keeps the 502 from a failed Lambda target", () => {
    expect(results[6]).toMatchObject({ ok: true, record: { status: 502 } });
  });

  it("rejects other formats", () => {
    expect(parser.parseLine(`127.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`)).toEqual({
      ok: false,
      reason: "format_mismatch",
    });
  });
});

describe("AWS CloudFront (documented header and six sample lines)", () => {
  const lines = shared("formats/aws-cloudfront.log").split("\n");
  const parser = createCloudFrontParser();
  const results = lines.map((l) => parser.parseLine(l));

  it("skips the #Version and #Fields headers and parses the six lines", () => {
    expect(results.filter((r) => r.ok === "skip").length).toBeGreaterThanOrEqual(2);
    expect(results.filter((r) => r.ok === true)).toHaveLength(6);
    expect(results.filter((r) => r.ok === false)).toHaveLength(0);
  });

  it("reads the TLS protocol and cipher of HTTPS lines", () => {
    const records = results.flatMap((r) => (r.ok === true ? [r.record] : []));
    // Three of the six are HTTPS; the HTTP ones name none.
    expect(records.map((r) => r.tls ?? null).filter(Boolean)).toEqual([
      "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
      "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
      "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
    ]);
  });

  it("decodes the user agent and uses the viewer's Host header", () => {
    const records = results.flatMap((r) => (r.ok === true ? [r.record] : []));
    expect(records[0]).toMatchObject({
      time: Date.UTC(2019, 11, 4, 21, 2, 31),
      timeSecondsOnly: true,
      method: "GET",
      path: "/index.html",
      status: 200,
      peerIp: "192.0.2.100",
      host: "d111111abcdef8.cloudfront.net",
      scheme: "https",
      responseBytes: 392,
      requestBytes: 23,
      latencyMs: 1,
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36",
    });
    expect(records[3]).toMatchObject({
      status: 502,
      host: "www.example.com",
      path: "/favicon.ico",
      referer: "http://www.example.com/",
    });
  });
});
