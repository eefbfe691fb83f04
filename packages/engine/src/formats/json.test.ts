import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_GATEWAY_MAPPING, createJsonParser, KONG_MAPPING } from "./json";
import { guessJsonMapping } from "./json-mapping";
import { parseHar } from "./har";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const lines = (name: string) => fixture(name).split("\n").filter(Boolean);

describe("API Gateway JSON access logs", () => {
  const results = lines("aws-api-gateway.jsonl").map((l) => createJsonParser(API_GATEWAY_MAPPING).parseLine(l));

  it("reads the request, its timing, the API key id and the authorizer's subject", () => {
    expect(results[0]).toEqual({
      ok: true,
      record: {
        time: 1763806502123,
        timeSecondsOnly: false,
        method: "GET",
        path: "/prod/orders/8812",
        status: 200,
        peerIp: "198.51.100.23",
        userAgent: "okhttp/4.12.0",
        protocol: "HTTP/1.1",
        responseBytes: 734,
        latencyMs: 48,
        upstreamLatencyMs: 41,
        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        host: "api.shop.example",
        consumer: "k2x9ab7",
        claims: { sub: "user-4711" },
      },
    });
  });

  it("treats API Gateway's '-' as not logged", () => {
    expect(results[2]).toMatchObject({ ok: true, record: { status: 403 } });
    const r = results[2]!;
    expect(r.ok === true && (r.record.consumer ?? r.record.claims ?? r.record.upstreamLatencyMs)).toBeUndefined();
  });
});

describe("Kong HTTP log", () => {
  const results = lines("kong-http-log.jsonl").map((l) => createJsonParser(KONG_MAPPING).parseLine(l));

  it("reads URL, headers (the API key), query parameters, consumer and service", () => {
    expect(results[0]).toMatchObject({
      ok: true,
      record: {
        time: 1763806502000,
        method: "GET",
        scheme: "https",
        host: "api.acme.example",
        path: "/v1/orders",
        query: "page=2&limit=50",
        status: 200,
        peerIp: "198.51.100.17",
        forwardedFor: "198.51.100.17",
        userAgent: "partner-sync/3.1",
        headers: { apikey: "kong-key-PARTNER017-secret", accept: "application/json" },
        requestBytes: 138,
        responseBytes: 2301,
        latencyMs: 31,
        upstreamLatencyMs: 29,
        consumer: "partner-017",
        service: "orders",
      },
    });
    expect(results[1]).toMatchObject({ ok: true, record: { method: "POST", status: 201 } });
  });
});

describe("generic JSON lines with a guessed mapping", () => {
  const samples = lines("generic.jsonl").map((l) => JSON.parse(l));
  const mapping = guessJsonMapping(samples);

  it("maps the common names", () => {
    expect(mapping).toEqual({
      time: "timestamp",
      method: "method",
      path: "path",
      status: "status",
      peerIp: "remote_addr",
      userAgent: "user_agent",
      responseBytes: "bytes_sent",
      latencyMs: "duration_ms",
      requestId: "request_id",
    });
  });

  it("parses with it, and rejects the unparsable timestamp by reason", () => {
    const parser = createJsonParser(mapping);
    const results = lines("generic.jsonl").map((l) => parser.parseLine(l));
    expect(results[0]).toMatchObject({
      ok: true,
      record: { path: "/api/users/42", query: "fields=email", latencyMs: 12.5, status: 200 },
    });
    expect(results[2]).toEqual({ ok: false, reason: "bad_timestamp" });
    expect(parser.parseLine("not json at all")).toEqual({ ok: false, reason: "format_mismatch" });
    expect(parser.parseLine('{"truncated": ')).toEqual({ ok: false, reason: "format_mismatch" });
  });
});

describe("HAR", () => {
  it("reads headers, cookies and both bodies (base64 decoded), with the time zone honoured", () => {
    const result = parseHar(fixture("capture.har"));
    if ("error" in result) throw new Error(result.error);
    expect(result.rejected).toEqual([{ index: 1, reason: "bad_timestamp" }]);
    expect(result.records).toHaveLength(1);
    const r = result.records[0]!;
    expect(r).toMatchObject({
      time: Date.parse("2026-11-22T08:41:12.345Z"),
      method: "POST",
      scheme: "https",
      host: "api.shop.example",
      path: "/v2/customers",
      query: "include=addresses",
      status: 201,
      latencyMs: 87.5,
      cookies: { sid: "s%3A9f8e7d6c5b4a" },
      requestBytes: 71,
      responseBytes: 58,
    });
    expect(r.headers?.authorization).toMatch(/^Bearer eyJ/);
    expect(r.requestBody).toContain("alice@example.com");
    expect(r.responseBody).toBe('{"id":"cus_123","email":"alice@example.com"}');
  });

  it("says what is wrong with a broken file", () => {
    expect(parseHar('{"log": {')).toMatchObject({ error: expect.stringContaining("not valid JSON") });
    expect(parseHar('{"log": {}}')).toEqual({ error: "This HAR file has no log.entries array." });
  });
});
