import { describe, expect, it } from "vitest";
import { detect } from "./detect";
import { injection } from "./detectors/injection";
import { ev, T0 } from "./test-events";

const search = (i: number, q: string, over = {}) =>
  ev(T0 + i * 1_000, { template: "/v1/products", query: [{ name: "q", value: q }], ...over });

describe("injection attempts", () => {
  it("raises one alert per actor sending payloads, naming the kinds and how they were answered", () => {
    const everyday = Array.from({ length: 300 }, (_, i) =>
      search(i, ["shoes", "O'Brien's boots", "size 10 & up", "select a colour"][i % 4]!, { actor: `key:${i % 9}` }),
    );
    const prober = [
      search(400, "1' OR '1'='1", { actor: "ip:45.9.9.9", clientIp: "45.9.9.9", status: 400 }),
      search(401, "<script>alert(1)</script>", { actor: "ip:45.9.9.9", clientIp: "45.9.9.9", status: 400 }),
      search(402, "1 UNION SELECT password FROM users--", { actor: "ip:45.9.9.9", clientIp: "45.9.9.9", status: 500 }),
    ];
    const found = injection([...everyday, ...prober]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      detector: "injection",
      actor: "ip:45.9.9.9",
      severity: "high",
      verdict: "attack",
      title: "Injection attempts: SQL injection, cross-site scripting",
    });
    expect(found[0]!.explanation).toContain("1 ended in a server error");
    expect(found[0]!.evidence).toHaveLength(3);
  });

  it("is low for a single refused attempt, and part of the detectors every batch runs", async () => {
    const one = [
      ev(T0, { template: "/v1/files/{name}", actor: "ip:1.2.3.4", status: 404 }, "/v1/files/..%2f..%2fetc%2fpasswd"),
    ];
    expect(injection(one)[0]).toMatchObject({ severity: "low", title: "Injection attempts: path traversal" });
    expect((await detect(one)).map((f) => f.detector)).toContain("injection");
  });
});
