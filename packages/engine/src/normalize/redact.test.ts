import { describe, expect, it } from "vitest";
import { redactLine, REDACTED } from "./redact";

describe("redacting sample lines", () => {
  it("removes credentials in headers, query strings, JSON and bare tokens", () => {
    const line = `1.2.3.4 "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcdefgh" GET /x?api_key=k_live_secret123&page=2 {"password":"hunter2hunter2","user":"bob"} Zx8KqP2mN7vR4tY6wB1cD9eF3gH5jL0s`;
    const out = redactLine(line);
    for (const secret of [
      "eyJhbGciOiJIUzI1NiJ9",
      "k_live_secret123",
      "hunter2hunter2",
      "Zx8KqP2mN7vR4tY6wB1cD9eF3gH5jL0s",
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain(`Bearer ${REDACTED}`);
    expect(out).toContain("page=2");
    expect(out).toContain('"user":"bob"');
  });

  it("keeps ordinary lines readable and cuts long ones", () => {
    expect(redactLine(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 203023`)).toBe(
      `83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 203023`,
    );
    expect(redactLine("a".repeat(400))).toHaveLength(301);
  });
});
