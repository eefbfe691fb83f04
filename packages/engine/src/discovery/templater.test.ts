import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedData } from "../testing/shared-data";
import { classifySegment } from "./segments";
import { splitPath, Templater } from "./templater";

const H = "api.example.com";
const hex = (n: number, len = 24) => n.toString(16).padStart(len, "0");

function templatesOf(t: Templater) {
  return t.endpoints().map((e) => `${e.method} ${e.template}`);
}

describe("endpoint templates from traffic", () => {
  it("turns ids of every shape into named parameters, keeping literals around them", () => {
    const t = new Templater();
    for (let i = 1; i <= 50; i++) {
      t.observe(H, "GET", `/v1/orders/3f1b9c4e-2a7d-4c1e-9f0a-${hex(i, 12)}/receipt`);
      t.observe(H, "GET", `/v1/customers/${1000 + i}`);
      t.observe(H, "GET", `/v1/invoices/INV-2026-${String(i).padStart(6, "0")}`);
      t.observe(H, "POST", `/v1/customers/${1000 + i}/payment-methods/pm_${hex(i * 7919, 14)}`);
    }
    expect(templatesOf(t)).toEqual([
      "GET /v1/customers/{customerId}",
      "POST /v1/customers/{customerId}/payment-methods/{paymentMethodId}",
      "GET /v1/invoices/{invoiceId}",
      "GET /v1/orders/{orderId}/receipt",
    ]);
  });

  it("keeps /charges/summary literal beside /charges/{chargeId}", () => {
    const t = new Templater();
    for (let i = 0; i < 400; i++) {
      t.observe(H, "GET", `/charges/ch_${hex(i * 104729, 16)}`);
      if (i % 5 === 0) t.observe(H, "GET", "/charges/summary");
    }
    expect(templatesOf(t)).toEqual(["GET /charges/summary", "GET /charges/{chargeId}"]);
  });

  it("keeps a quiet word with a sub-tree of its own literal when its place fills with word-like ids", () => {
    // Ids the text does not give away (reference words), each with the same sub-tree; and summary/daily, rarely called.
    const refs = ["alder", "birch", "cedar", "hazel", "larch", "maple", "olive", "rowan", "spruce", "willow", "aspen"];
    const ids = refs.flatMap((a) => ["north", "south"].map((b) => `${a}${b}`));
    const t = new Templater();
    t.observe(H, "GET", "/v1/charges/summary/daily");
    for (const id of ids) {
      t.observe(H, "GET", `/v1/charges/${id}`);
      t.observe(H, "GET", `/v1/charges/${id}/refunds`);
    }
    t.observe(H, "GET", "/v1/charges/summary/daily");
    expect(templatesOf(t)).toEqual([
      "GET /v1/charges/summary/daily",
      "GET /v1/charges/{chargeId}",
      "GET /v1/charges/{chargeId}/refunds",
    ]);
    // A value whose sub-tree is the others' is one of them.
    const u = new Templater();
    for (const id of ids) u.observe(H, "GET", `/v1/users/${id}/repos`);
    expect(templatesOf(u)).toEqual(["GET /v1/users/{userId}/repos"]);
  });

  it("learns that a place of words is variable once many distinct ones appear, keeping the busy ones literal", () => {
    const t = new Templater();
    const names = Array.from(
      { length: 60 },
      (_, i) => `user${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}name`,
    );
    for (let round = 0; round < 3; round++) {
      for (const name of names) t.observe(H, "GET", `/users/${name}/repos`);
      for (let i = 0; i < 40; i++) t.observe(H, "GET", "/users/me/repos");
    }
    expect(templatesOf(t)).toEqual(["GET /users/me/repos", "GET /users/{userId}/repos"]);
    const variable = t.endpoints().find((e) => e.template === "/users/{userId}/repos")!.variables[0]!;
    expect(variable).toMatchObject({ position: 1, name: "userId", why: "many distinct values in this place" });
    expect(variable.distinct).toBeGreaterThanOrEqual(20);
    // Before the evidence, the few words seen are separate literal endpoints.
    const early = new Templater();
    for (const name of names.slice(0, 5)) early.observe(H, "GET", `/users/${name}/repos`);
    expect(early.endpoints()).toHaveLength(5);
  });

  it("is stable as traffic grows: the same templates after ten times the calls", () => {
    const t = new Templater();
    const call = (i: number) => {
      t.observe(H, "GET", `/v2/accounts/${100 + (i % 300)}/transactions`);
      t.observe(H, "GET", "/v2/accounts/me");
      if (i % 3 === 0) t.observe(H, "POST", "/v2/payments");
    };
    for (let i = 0; i < 1_000; i++) call(i);
    const before = templatesOf(t);
    for (let i = 0; i < 10_000; i++) call(i);
    expect(templatesOf(t)).toEqual(before);
    expect(before).toEqual(["GET /v2/accounts/me", "GET /v2/accounts/{accountId}/transactions", "POST /v2/payments"]);
  });

  it("keeps scanner noise and an exploding host out of the inventory", () => {
    const t = new Templater({ maxEndpointsPerHost: 50 });
    t.observe(H, "GET", "/v1/health");
    for (const probe of ["/wp-login.php", "/.env", "/admin/config.php", "/phpmyadmin/index.php", "/.git/config"])
      t.observe(H, "GET", probe, { found: false });
    expect(templatesOf(t)).toEqual(["GET /v1/health"]);
    expect(t.endpoints({ includeNotFound: true })).toHaveLength(6);
    for (let i = 0; i < 500; i++)
      t.observe(
        H,
        "GET",
        `/${["alpha", "beta", "gamma", "delta"][i % 4]}/word${String.fromCharCode(97 + (i % 26))}/x${i % 13}y`,
      );
    expect(t.endpoints({ includeNotFound: true }).length).toBeLessThanOrEqual(51);
    expect(t.endpoints().some((e) => e.template === "/{unmatched}")).toBe(true);
  });

  it("does not let a scanner's word list of 404s turn a host's root into a variable, and bounds what it keeps of them", () => {
    const t = new Templater();
    for (const p of ["/health", "/v1/products", "/v1/accounts/100007"]) t.observe(H, "GET", p);
    for (let i = 0; i < 60; i++)
      t.observe(H, "GET", `/probe-${String.fromCharCode(97 + (i % 26))}${i}.php`, { found: false });
    t.observe(H, "GET", "/status");
    expect(templatesOf(t)).toEqual(["GET /health", "GET /status", "GET /v1/accounts/{accountId}", "GET /v1/products"]);
    // A flood of distinct guesses ends in the host's bucket past a bound, instead of growing the state without end.
    for (let i = 0; i < 5_000; i++) t.observe(H, "GET", `/guess${i}`, { found: false });
    expect(Object.keys(t.toJSON().hosts[H]!.literals).length).toBeLessThan(600);
    expect(t.templateOf(H, "/health")).toBe("/health");
  });

  it("explains each variable with masked examples, and keeps a pinned literal literal", () => {
    const t = new Templater();
    for (let i = 0; i < 30; i++) t.observe(H, "GET", `/people/person${i}@example.com/profile`);
    const v = t.endpoints()[0]!.variables[0]!;
    expect(v).toMatchObject({ name: "email", kind: "email", why: "an email address", distinct: 30 });
    expect(v.examples[0]).toBe("p***@example.com");
    expect(JSON.stringify(t.toJSON())).not.toContain("person1@example.com");

    const pinned = new Templater();
    pinned.observe(H, "GET", "/teams/platform");
    pinned.pin(H, "/teams", "platform");
    for (let i = 0; i < 40; i++)
      pinned.observe(
        H,
        "GET",
        `/teams/team${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`,
      );
    expect(templatesOf(pinned)).toEqual(["GET /teams/platform", "GET /teams/{teamId}"]);
  });

  it("continues from its saved state exactly as if it had never stopped", () => {
    const a = new Templater();
    const b = new Templater();
    const paths = Array.from({ length: 300 }, (_, i) =>
      i % 4 === 0
        ? `/files/report-${i}.pdf`
        : i % 4 === 1
          ? `/items/${i}`
          : i % 4 === 2
            ? "/items/summary"
            : `/tags/tag${String.fromCharCode(97 + (i % 26))}${i % 7}z`,
    );
    paths.forEach((p, i) => {
      a.observe(H, "GET", p);
      if (i === 150) {
        const saved = JSON.parse(JSON.stringify(b.toJSON()));
        Object.assign(b, Templater.fromJSON(saved));
      }
      b.observe(H, "GET", p);
    });
    expect(templatesOf(b)).toEqual(templatesOf(a));
    expect(a.templateOf(H, "/items/77")).toBe("/items/{itemId}");
    expect(a.templateOf(H, "/items/summary")).toBe("/items/summary");
  });

  it("on the real 2015 log, no inventory entry keeps a concrete id", () => {
    const t = new Templater();
    const lines = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8").split("\n");
    for (const line of lines) {
      const m = /"([A-Z]+) ([^ ?"]+)[^"]* HTTP\/[\d.]+" (\d{3})/.exec(line);
      if (m) t.observe("semicomplete.com", m[1]!, m[2]!, { found: m[3] !== "404" });
    }
    const endpoints = t.endpoints();
    expect(endpoints.length).toBeGreaterThan(50);
    const withIds = endpoints.filter((e) =>
      splitPath(e.template).some((s) => !s.startsWith("{") && classifySegment(s).variable),
    );
    expect(withIds.map((e) => e.template)).toEqual([]);
  });
});

describe("declared templates (specs and people's corrections)", () => {
  const keys = (t: Templater) => t.endpoints().map((e) => `${e.method} ${e.template} ${e.calls}`);

  it("merges the words seen at a declared place into its variable, follows it from then on, and names it as declared", () => {
    const t = new Templater();
    for (const user of ["alice", "bob"]) t.observe("h", "GET", `/users/${user}/repos`);
    t.observe("h", "GET", "/users/search");
    expect(keys(t)).toEqual(["GET /users/alice/repos 1", "GET /users/bob/repos 1", "GET /users/search 1"]);
    // Pinned first, /users/search stays beside the variable; declared after, it would merge into it.
    t.declare("h", "/users/search", "merged by a person");
    t.declare("h", "/users/{login}/repos", "merged by a person");
    expect(keys(t)).toEqual(["GET /users/search 1", "GET /users/{login}/repos 2"]);
    expect(t.templateOf("h", "/users/alice/repos")).toBe("/users/{login}/repos");
    expect(t.observe("h", "GET", "/users/carol/repos")).toBe("/users/{login}/repos");
    // The declared literal beside it stays literal.
    expect(t.observe("h", "GET", "/users/search")).toBe("/users/search");
    expect(t.endpoints()[1]!.variables[0]).toMatchObject({ name: "login", why: "merged by a person", distinct: 3 });
    // Applying it again changes nothing.
    const before = JSON.stringify(t.toJSON());
    t.declare("h", "/users/{login}/repos", "merged by a person");
    expect(JSON.stringify(t.toJSON())).toBe(before);
  });

  it("declares a spec's paths literals first, so a documented word beside a documented variable stays literal", () => {
    const t = new Templater();
    for (const w of ["alice", "search", "bob"]) t.observe("h", "GET", `/users/${w}`);
    t.declareAll("h", ["/users/{username}", "/users/search"], "declared in the spec");
    expect(keys(t)).toEqual(["GET /users/search 1", "GET /users/{username} 2"]);
  });

  it("renames a learnt variable to the declared name; stored templates follow", () => {
    const t = new Templater();
    for (let i = 0; i < 5; i++) t.observe("h", "GET", `/v1/ledger/${1000 + i}/balance`);
    expect(t.templateOf("h", "/v1/ledger/1001/balance")).toBe("/v1/ledger/{ledgerId}/balance");
    t.declare("h", "/v1/ledger/{accountId}/balance", "declared in the spec");
    expect(t.templateOf("h", "/v1/ledger/{ledgerId}/balance")).toBe("/v1/ledger/{accountId}/balance");
  });

  it("is never undone by traffic: a busy word does not split out of a declared variable, until a person pins it", () => {
    const t = new Templater();
    t.declare("h", "/users/{login}", "merged by a person");
    for (let i = 0; i < 30; i++) t.observe("h", "GET", `/users/user${String.fromCharCode(97 + (i % 26))}x`);
    for (let i = 0; i < 200; i++) t.observe("h", "GET", "/users/me");
    expect(keys(t)).toEqual(["GET /users/{login} 230"]);
    t.pin("h", "/users", "me");
    expect(t.observe("h", "GET", "/users/me")).toBe("/users/me");
    expect(keys(t)).toEqual(["GET /users/me 1", "GET /users/{login} 230"]);
  });
});
