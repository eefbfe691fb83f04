import { sharedData } from "../testing/shared-data";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APACHE_COMBINED, APACHE_COMMON, compileApacheFormat } from "./apache";
import { compileEnvoyFormat, ENVOY_DEFAULT, ENVOY_DEFAULT_LEGACY } from "./envoy";
import { compileNginxFormat, extractNginxFormat, NGINX_COMBINED } from "./nginx";

const shared = (path: string) => readFileSync(sharedData(path), "utf8");

describe("combined format on the real Apache log (10,000 lines)", () => {
  const lines = shared("real/apache-semicomplete-2015.log").split("\n").filter(Boolean);

  it("parses every complete line, nginx and Apache definitions alike; the one truncated line is rejected", () => {
    expect(lines).toHaveLength(10_000);
    for (const parser of [compileNginxFormat(NGINX_COMBINED), compileApacheFormat(APACHE_COMBINED)]) {
      const rejected = lines.filter((l) => !parser.parse(l).ok);
      // Line 8,899 of the file lost its end: the closing quote of its user agent is missing.
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatch(/Googlebot\/2\.1; \+http:\/\/www\.google\.com\/bot\.html$/);
      expect(parser.parse(rejected[0]!)).toEqual({ ok: false, reason: "format_mismatch" });
    }
  });

  it("reads the first line's fields exactly", () => {
    const r = compileNginxFormat(NGINX_COMBINED).parse(lines[0]!);
    expect(r).toEqual({
      ok: true,
      record: {
        peerIp: "83.149.9.216",
        time: Date.UTC(2015, 4, 17, 10, 5, 3),
        timeSecondsOnly: true,
        method: "GET",
        path: "/presentations/logstash-monitorama-2013/images/kibana-search.png",
        protocol: "HTTP/1.1",
        status: 200,
        responseBytes: 203023,
        referer: "http://semicomplete.com/presentations/logstash-monitorama-2013/",
        userAgent:
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36",
      },
    });
  });

  it("keeps query strings apart from paths", () => {
    const withQuery = lines.find((l) => /"GET [^ "]*\?[^ "]* HTTP/.test(l))!;
    const r = compileNginxFormat(NGINX_COMBINED).parse(withQuery);
    expect(r.ok && r.record.query).toBeTruthy();
    expect(r.ok && r.record.path).not.toContain("?");
  });
});

describe("custom nginx log_format", () => {
  const directive = `log_format api escape=default '$remote_addr - $remote_user [$time_iso8601] "$request" '
                    '$status $body_bytes_sent $request_length rt=$request_time uct="$upstream_connect_time" urt="$upstream_response_time" '
                    '"$http_x_forwarded_for" "$http_authorization" "$http_x_api_key" "$cookie_session" $host sub=$jwt_claim_sub $msec';`;

  it("is read from the pasted directive", () => {
    expect(extractNginxFormat(directive)).toMatch(
      /^\$remote_addr - \$remote_user \[\$time_iso8601\] "\$request" \$status/,
    );
  });

  it("fills every field it names, with milliseconds from $msec", () => {
    const parser = compileNginxFormat(directive);
    const line =
      `10.0.0.5 - - [2026-11-22T10:15:02+01:00] "POST /v1/orders?expand=items&api_key=abc123 HTTP/2.0" 201 512 734 rt=0.042 uct="0.001" urt="0.030, 0.008" ` +
      `"203.0.113.9, 10.0.0.2" "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.sig" "k_live_123" "s%3Aabc" api.acme.test sub=user-42 1795338902.123`;
    const r = parser.parse(line);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toMatchObject({
      peerIp: "10.0.0.5",
      method: "POST",
      path: "/v1/orders",
      query: "expand=items&api_key=abc123",
      status: 201,
      responseBytes: 512,
      requestBytes: 734,
      latencyMs: 42,
      upstreamLatencyMs: 38,
      forwardedFor: "203.0.113.9, 10.0.0.2",
      headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.sig", "x-api-key": "k_live_123" },
      cookies: { session: "s%3Aabc" },
      host: "api.acme.test",
      claims: { sub: "user-42" },
    });
    // $msec comes last and is more precise than $time_iso8601.
    expect(r.record.time).toBe(1795338902123);
    expect(r.record.timeSecondsOnly).toBe(false);
  });

  it("rejects a line of another format, and a bad timestamp, with the reason", () => {
    const parser = compileNginxFormat(NGINX_COMBINED);
    expect(parser.parse(`{"json": true}`)).toEqual({ ok: false, reason: "format_mismatch" });
    expect(parser.parse(`1.2.3.4 - - [32/Foo/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`)).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
  });

  it("refuses a format whose fields cannot be told apart", () => {
    expect(() => compileNginxFormat("$remote_addr$status")).toThrow(/adjacent/);
    expect(() => compileNginxFormat("no variables here")).toThrow(/no \$variables/);
  });
});

describe("Apache LogFormat", () => {
  it("common format, %b dash meaning zero, escaped quotes in the request", () => {
    const parser = compileApacheFormat(`LogFormat "${APACHE_COMMON.replace(/"/g, '\\"')}" common`);
    const r = parser.parse(`192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a\\"b.gif HTTP/1.0" 304 -`);
    expect(r).toMatchObject({
      ok: true,
      record: {
        remoteUser: "frank",
        path: '/a"b.gif',
        status: 304,
        responseBytes: 0,
        time: Date.UTC(2000, 9, 10, 20, 55, 36),
      },
    });
  });

  it("custom format with %D microseconds, headers, cookies and modifiers", () => {
    const parser = compileApacheFormat(
      `%a %{X-Forwarded-For}i %t "%r" %>s %B %D %400,501{User-agent}i %{sessionid}C %v`,
    );
    const r = parser.parse(
      `10.1.1.1 198.51.100.7 [22/Nov/2026:10:00:00 +0000] "DELETE /v2/users/77 HTTP/1.1" 204 0 1534 curl/8.0 abc123 api.example.com`,
    );
    expect(r).toMatchObject({
      ok: true,
      record: {
        peerIp: "10.1.1.1",
        forwardedFor: "198.51.100.7",
        method: "DELETE",
        status: 204,
        latencyMs: 1.534,
        userAgent: "curl/8.0",
        cookies: { sessionid: "abc123" },
        host: "api.example.com",
      },
    });
  });
});

describe("Envoy default formats (real samples from Envoy's documentation)", () => {
  const [legacyLine, newLine] = shared("formats/envoy.log").split("\n").filter(Boolean);

  it("legacy default", () => {
    const r = compileEnvoyFormat(ENVOY_DEFAULT_LEGACY).parse(legacyLine!);
    expect(r).toMatchObject({
      ok: true,
      record: {
        time: Date.parse("2016-04-15T20:17:00.310Z"),
        method: "POST",
        path: "/api/v1/locations",
        protocol: "HTTP/2",
        status: 204,
        requestBytes: 154,
        responseBytes: 0,
        latencyMs: 226,
        upstreamLatencyMs: 100,
        forwardedFor: "10.0.35.28",
        userAgent: "nsq2http",
        host: "locations",
        upstream: "tcp://10.0.2.1:80",
      },
    });
  });

  it("current default, with the downstream peer address", () => {
    const r = compileEnvoyFormat(ENVOY_DEFAULT).parse(newLine!);
    expect(r).toMatchObject({
      ok: true,
      record: {
        method: "HEAD",
        path: "/",
        status: 404,
        peerIp: "10.0.0.15",
        forwardedFor: "10.0.0.15",
        host: "10.2.14.4",
        userAgent: "curl/7.81.0",
      },
    });
    expect(compileEnvoyFormat(ENVOY_DEFAULT_LEGACY).parse(newLine!).ok).toBe(false);
  });
});
