// Each detector on generated series: it fires on its pattern, says why in
// figures, and stays quiet on the benign look-alike.
import { describe, expect, it } from "vitest";
import { credentialStuffing } from "./detectors/credential-stuffing";
import { decoy, decoyOf } from "./detectors/decoy";
import { explainInternal } from "./explain";
import { batchPeerUse, functionLevelAbuse, kindOf, type PeerUse } from "./detectors/function-level";
import { threatIntel } from "./detectors/threat-intel";
import { IpLists } from "./ip-list";
import { excessiveData } from "./detectors/excessive-data";
import { objectEnumeration, sequentialShare } from "./detectors/object-enumeration";
import { scanning } from "./detectors/scanning";
import { volume } from "./detectors/volume";
import type { DetectionEvent } from "./types";
import { ev, HOUR, T0 } from "./test-events";

/** 48 quiet hours of sign-ins by 30 users: a typo now and then. */
function signIns(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 48; h++) {
    for (let u = 0; u < 30; u++)
      out.push(
        ev(T0 + h * HOUR + u * 1000, {
          template: "/v1/auth/login",
          method: "POST",
          clientIp: `81.0.0.${u}`,
          status: u === h % 30 ? 401 : 200,
        }),
      );
  }
  return out;
}

describe("credential stuffing", () => {
  it("fires on a burst of failures from many addresses, and names the sign-ins that then succeeded", () => {
    const attack = Array.from({ length: 500 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 5_000, {
        template: "/v1/auth/login",
        method: "POST",
        clientIp: `45.${i >> 8}.${i & 255}.9`,
        status: i === 250 ? 200 : 401,
      }),
    );
    // One of the users' usual typos falls in the same hour: 499 attacking addresses and one known.
    const findings = credentialStuffing(
      [...signIns(), ...attack].sort((a, b) => a.ts - b.ts),
      { knownIps: (ip) => ip.startsWith("81.") },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      verdict: "attack",
      severity: "critical",
      facts: { failures: 500, addresses: 500, unknownAddresses: 499, compromisedFrom: ["45.0.250.9"] },
    });
    expect(findings[0]!.explanation).toContain(
      "500 failed sign-ins on POST api.example/v1/auth/login in 42 min from 500 addresses (499 never seen before); its usual is 1 an hour",
    );
    expect(findings[0]!.evidence).toHaveLength(50);
  });

  it("stays quiet on a busy hour (ten times the sign-ins, failing in the usual proportion)", () => {
    const rush = Array.from({ length: 300 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 10_000, {
        template: "/v1/auth/login",
        method: "POST",
        clientIp: `81.1.${i >> 8}.${i & 255}`,
        status: i % 25 === 0 ? 401 : 200,
      }),
    );
    expect(credentialStuffing([...signIns(), ...rush].sort((a, b) => a.ts - b.ts))).toEqual([]);
  });
});

describe("object enumeration", () => {
  /** 50 users reading their own account a few times an hour for a day. */
  const owners = () => {
    const out: DetectionEvent[] = [];
    for (let h = 0; h < 24; h++) {
      for (let u = 0; u < 50; u++)
        for (let k = 0; k < 3; k++)
          out.push(
            ev(
              T0 + h * HOUR + u * 100 + k,
              { template: "/v1/accounts/{accountId}", actor: `user:${u}` },
              `/v1/accounts/${1000 + u * 3}`,
            ),
          );
    }
    return out;
  };

  it("fires on an actor walking other people's accounts in order", () => {
    const walk = Array.from({ length: 50 }, (_, u) =>
      ev(
        T0 + 5 * HOUR + 200_000 + u * 1000,
        { template: "/v1/accounts/{accountId}", actor: "user:mallory" },
        `/v1/accounts/${1000 + u * 3}`,
      ),
    );
    const findings = objectEnumeration(
      [...owners(), ...walk].sort((a, b) => a.ts - b.ts),
      { label: (a) => a.replace("user:", "user ") },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      actor: "user:mallory",
      verdict: "attack",
      severity: "high",
      facts: { distinctObjects: 50, ownedByOthers: 50, owners: 50, sequentialShare: 1 },
    });
    expect(findings[0]!.explanation).toMatch(
      /^user mallory touched 50 distinct objects on GET api\.example\/v1\/accounts\/\{accountId\} within an hour; actors on this endpoint usually touch 1\. 50 of them belong to 50 other actors/,
    );
  });

  it("knows the owners from the calls stored before the batch when the batch holds none of theirs", () => {
    // An hour's upload from a stream: the walk, a few users reading their own accounts, none of the walked accounts' owners.
    const walk = Array.from({ length: 50 }, (_, u) =>
      ev(
        T0 + 5 * HOUR + 200_000 + u * 1000,
        { template: "/v1/accounts/{accountId}", actor: "user:mallory" },
        `/v1/accounts/${1000 + u * 3}`,
      ),
    );
    const hour = [...owners().filter((e) => e.ts >= T0 + 5 * HOUR && e.ts < T0 + 6 * HOUR && e.actor! >= "user:40")];
    const batch = [...hour, ...walk].sort((a, b) => a.ts - b.ts);
    const stored = new Map(Array.from({ length: 50 }, (_, u) => [`${1000 + u * 3}`, new Map([[`user:${u}`, 60]])]));
    const ep = walk[0]!.endpoint;
    const withHistory = objectEnumeration(batch, { objectCallers: (e, o) => (e === ep ? stored.get(o) : undefined) });
    expect(withHistory[0]).toMatchObject({ actor: "user:mallory", verdict: "attack", severity: "high" });
    expect(withHistory[0]!.facts).toMatchObject({ ownedByOthers: 50, owners: 50 });
    // Without them, only the walk's order speaks.
    expect(objectEnumeration(batch)[0]!.facts).toMatchObject({ ownedByOthers: 0 });
  });

  it("stays quiet on a batch job reading many objects of its own", () => {
    const created = Array.from({ length: 200 }, (_, i) =>
      ev(
        T0 + 2 * HOUR + i,
        { template: "/v1/charges/{chargeId}", method: "POST", actor: "key:batch" },
        `/v1/charges/ch_${(i * 7919).toString(36)}x`,
      ),
    );
    const read = Array.from({ length: 200 }, (_, i) =>
      ev(
        T0 + 3 * HOUR + i,
        { template: "/v1/charges/{chargeId}", actor: "key:batch" },
        `/v1/charges/ch_${(i * 7919).toString(36)}x`,
      ),
    );
    const others = Array.from({ length: 24 * 5 }, (_, i) =>
      ev(
        T0 + (i % 24) * HOUR + 5,
        { template: "/v1/charges/{chargeId}", actor: `key:p${i % 5}` },
        `/v1/charges/ch_other${i}`,
      ),
    );
    expect(objectEnumeration([...owners(), ...others, ...created, ...read].sort((a, b) => a.ts - b.ts))).toEqual([]);
  });

  it("measures how evenly ids were walked", () => {
    expect(sequentialShare(["10", "17", "24", "31", "38"])).toBe(1);
    expect(sequentialShare(["10", "993", "24", "5102", "38"])).toBe(0.25);
    expect(sequentialShare(["ch_a", "ch_b", "ch_c"])).toBe(0);
  });
});

describe("excessive data", () => {
  /** 40 actors listing products with the app's page size of 20 across a day. */
  const browsing = () => {
    const out: DetectionEvent[] = [];
    for (let h = 0; h < 24; h++) {
      for (let a = 0; a < 40; a++) {
        out.push(
          ev(T0 + h * HOUR + a * 1000, {
            template: "/v1/products",
            actor: `user:${a}`,
            responseBytes: 2_000 + ((a * 37 + h) % 1_500),
            query: [
              { name: "page", value: String(1 + (a % 3)) },
              { name: "limit", value: "20" },
            ],
          }),
        );
      }
    }
    return out;
  };

  it("fires on huge pages walked through the whole collection", () => {
    const harvest = Array.from({ length: 200 }, (_, p) =>
      ev(T0 + 9 * HOUR + p * 10_000, {
        template: "/v1/products",
        actor: "key:scraper",
        responseBytes: 200_000 + p,
        query: [
          { name: "page", value: String(p + 1) },
          { name: "limit", value: "500" },
        ],
      }),
    );
    const findings = excessiveData([...browsing(), ...harvest].sort((a, b) => a.ts - b.ts));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      actor: "key:scraper",
      verdict: "attack",
      title: "Data harvesting on GET api.example/v1/products",
      facts: { maxPageSize: 500, pages: 200 },
    });
    expect(findings[0]!.measures.map((m) => m.name)).toEqual([
      "page size asked",
      "typical answer (bytes)",
      "distinct pages in an hour",
    ]);
  });

  it("stays quiet on a heavy but ordinary user (many calls, usual pages and answers)", () => {
    const heavy = Array.from({ length: 300 }, (_, i) =>
      ev(T0 + 9 * HOUR + i * 5_000, {
        template: "/v1/products",
        actor: "user:heavy",
        responseBytes: 2_500,
        query: [
          { name: "page", value: String(1 + (i % 3)) },
          { name: "limit", value: "20" },
        ],
      }),
    );
    expect(excessiveData([...browsing(), ...heavy].sort((a, b) => a.ts - b.ts))).toEqual([]);
  });
});

describe("excessive data on single large downloads", () => {
  it("stays quiet on one actor downloading one large file (a website's release tarball), and fires on many such answers", () => {
    const pages = Array.from({ length: 24 * 40 }, (_, i) =>
      ev(T0 + (i % 24) * HOUR + i, {
        template: "/files/{id}",
        actor: `ip:81.0.${i % 40}.1`,
        responseBytes: 10_000 + (i % 7) * 1_000,
      }),
    );
    const download = ev(T0 + 5 * HOUR + 99, {
      template: "/files/{id}",
      actor: "ip:81.9.9.9",
      responseBytes: 54_000_000,
    });
    expect(excessiveData([...pages, download].sort((a, b) => a.ts - b.ts))).toEqual([]);
    const mirror = Array.from({ length: 5 }, (_, i) =>
      ev(T0 + 6 * HOUR + i * 60_000, { template: "/files/{id}", actor: "ip:81.9.9.8", responseBytes: 54_000_000 }),
    );
    const findings = excessiveData([...pages, ...mirror].sort((a, b) => a.ts - b.ts));
    expect(findings.map((f) => [f.actor, f.verdict])).toEqual([["ip:81.9.9.8", "suspicious"]]);
  });
});

describe("scanning", () => {
  /** A day of 30 clients using the API, each hitting a stale link now and then. */
  const clients = () => {
    const out: DetectionEvent[] = [];
    for (let h = 0; h < 24; h++) {
      for (let c = 0; c < 30; c++) {
        for (let k = 0; k < 20; k++)
          out.push(
            ev(T0 + h * HOUR + c * 1000 + k, {
              template: "/v1/items",
              actor: `key:${c}`,
              status: (c + h + k) % 97 === 0 ? 404 : 200,
            }),
          );
      }
    }
    return out;
  };

  it("fires on an address walking a word list, naming some of the paths", () => {
    const words = [
      "/.env",
      "/wp-login.php",
      "/admin",
      "/phpmyadmin/",
      "/.git/config",
      "/backup.zip",
      "/server-status",
      "/config.json",
      "/api/v1/debug",
      "/actuator/env",
      "/console",
      "/test.php",
    ];
    const scan = words.map((p, i) =>
      ev(T0 + 7 * HOUR + i * 2_000, { template: p, actor: "ip:45.1.2.3", status: 404 }, p),
    );
    const findings = scanning([...clients(), ...scan].sort((a, b) => a.ts - b.ts));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      actor: "ip:45.1.2.3",
      verdict: "attack",
      facts: { misses: 12, calls: 12, distinctPaths: 12 },
    });
    expect(findings[0]!.explanation).toContain(
      "got 404 on 12 of its 12 calls within an hour, on 12 distinct paths (/.env, /wp-login.php, /admin, /phpmyadmin/, /.git/config, …)",
    );
  });

  it("stays quiet on a busy client whose few calls to removed items miss", () => {
    const busy = Array.from({ length: 400 }, (_, i) =>
      ev(
        T0 + 7 * HOUR + i * 5_000,
        { template: "/v1/items/{id}", actor: "key:busy", status: i % 20 === 0 ? 404 : 200 },
        `/v1/items/${i}`,
      ),
    );
    expect(scanning([...clients(), ...busy].sort((a, b) => a.ts - b.ts))).toEqual([]);
  });
});

describe("volume anomaly", () => {
  /** Three days of a partner key: about 30 calls an hour, and a nightly settlement at 02:00 ten times that. */
  const partner = (days = 3) => {
    const out: DetectionEvent[] = [];
    for (let h = 0; h < days * 24; h++) {
      const n = h % 24 === 2 ? 300 : 25 + ((h * 7) % 11);
      for (let i = 0; i < n; i++)
        out.push(ev(T0 + h * HOUR + i * 1_000, { template: "/v2/charges", method: "POST", actor: "key:partner-3" }));
    }
    return out;
  };

  it("fires on a key calling twenty times its usual in an hour, against its own hours", () => {
    const burst = Array.from({ length: 700 }, (_, i) =>
      ev(T0 + (2 * 24 + 14) * HOUR + i * 4_000, { template: "/v2/refunds", method: "POST", actor: "key:partner-3" }),
    );
    const findings = volume(
      [...partner(), ...burst].sort((a, b) => a.ts - b.ts),
      { label: (a) => a.replace("key:", "key ") },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      actor: "key:partner-3",
      verdict: "suspicious",
      campaign: "volume:key:partner-3",
      facts: { calls: 700 + 25 + ((62 * 7) % 11) },
    });
    expect(findings[0]!.explanation).toMatch(
      /^key partner-3 made 730 calls in the hour from 14:00 UTC; at this hour it usually makes \d+(\.\d)?( ± [\d.]+)? \(2 earlier days\)/,
    );
    expect(findings[0]!.explanation).toContain("Mostly POST api.example/v2/refunds (700)");
  });

  it("stays quiet on the nightly batch (normal at its hour of day) and during the learning period", () => {
    expect(volume(partner())).toEqual([]);
    // The same burst on the first day: the key has no history yet to be judged against.
    const early = Array.from({ length: 700 }, (_, i) =>
      ev(T0 + 14 * HOUR + i * 4_000, { template: "/v2/refunds", method: "POST", actor: "key:partner-3" }),
    );
    expect(volume([...partner(1), ...early].sort((a, b) => a.ts - b.ts))).toEqual([]);
  });

  it("knows a weekly report from a burst: normal on its weekday once weeks of history show it, far on another day", () => {
    // Four weeks of a key: 20 calls at 09:00 every day, 400 on Mondays (a weekly report).
    const history = new Map<number, number>();
    const monday = Math.floor(Date.UTC(2026, 10, 2) / HOUR);
    for (let d = 0; d < 28; d++)
      for (let h = 8; h < 18; h++) history.set(monday + d * 24 + h, h === 9 && d % 7 === 0 ? 400 : 20);
    const hourAt = (day: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        ev((monday + day * 24 + 9) * HOUR + i * 5_000, { template: "/v2/reports", actor: "key:reports" }),
      );
    const known = { actorHistory: () => ({ firstSeen: monday * HOUR, hours: history }) };
    // The fifth Monday: as always on Mondays (the daily season alone would call it 20 times the usual).
    expect(volume(hourAt(28, 400), known)).toEqual([]);
    // The same 400 calls on a Tuesday: far from its Tuesdays, its days and its hours.
    const tuesday = volume(hourAt(29, 400), known);
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]!.explanation).toMatch(
      /at this hour it usually makes 20 \(\d+ earlier days\), 20 on this weekday \(4 earlier weeks\)/,
    );
    // With a single earlier Monday there is no weekly season yet: the Monday report is judged by its hour of day.
    const oneWeek = new Map([...history].filter(([h]) => h >= monday + 21 * 24));
    for (let d = 15; d < 21; d++) for (let h = 8; h < 18; h++) oneWeek.set(monday + d * 24 + h, 20);
    expect(
      volume(hourAt(28, 400), { actorHistory: () => ({ firstSeen: monday * HOUR, hours: oneWeek }) }),
    ).toHaveLength(1);
  });

  it("judges a batch of one hour against the hours stored before it", () => {
    const history = new Map<number, number>();
    for (let h = 0; h < 48; h++) history.set(Math.floor(T0 / HOUR) + h, 30);
    const burst = Array.from({ length: 500 }, (_, i) =>
      ev(T0 + 50 * HOUR + i * 5_000, { template: "/v2/refunds", method: "POST", actor: "key:partner-3" }),
    );
    expect(volume(burst)).toEqual([]);
    expect(volume(burst, { actorHistory: () => ({ firstSeen: T0, hours: history }) })).toHaveLength(1);
  });
});

describe("decoy endpoints", () => {
  it("fires on any call to a declared trap path, once per caller, and on nothing else", () => {
    const normal = Array.from({ length: 200 }, (_, i) =>
      ev(T0 + i * 60_000, { template: "/v1/admin/users", actor: `key:${i % 5}` }),
    );
    const probe = [
      ev(T0 + 3 * HOUR, { template: "/v1/admin/export", actor: "ip:45.9.9.9", clientIp: "45.9.9.9", status: 200 }),
      ev(T0 + 3 * HOUR + 5_000, {
        template: "/v1/admin/export",
        actor: "ip:45.9.9.9",
        clientIp: "45.9.9.9",
        status: 200,
      }),
      ev(
        T0 + 3 * HOUR + 9_000,
        { template: "/.git/{file}", actor: "ip:45.9.9.9", clientIp: "45.9.9.9", status: 404 },
        "/.git/config",
      ),
    ];
    const events = [...normal, ...probe].sort((a, b) => a.ts - b.ts);
    expect(decoy(events)).toEqual([]);
    const findings = decoy(events, { decoys: ["/v1/admin/export", "/.git/*"] });
    expect(findings.map((f) => [f.campaign, f.verdict, f.facts.calls])).toEqual([["decoy:ip:45.9.9.9", "attack", 3]]);
    expect(findings[0]!.explanation).toMatch(
      /^ip:45\.9\.9\.9 called the decoys \/v1\/admin\/export, \/\.git\/\* 3 times \(GET \/v1\/admin\/export, GET \/\.git\/config from 45\.9\.9\.9\)/,
    );
    expect(decoyOf("/v1/admin/exports", ["/v1/admin/export"])).toBeNull();
    expect(decoyOf("/v1/admin/export/", ["/v1/admin/export"])).toBe("/v1/admin/export");
  });
});

describe("function-level abuse", () => {
  const ADMIN = "GET api.example/v1/admin/users";
  const ACCOUNTS = "GET api.example/v1/accounts/{accountId}";
  /** 200 signed-in users who read their accounts; 2 staff who also use the admin list; all for a week. */
  const use = (extra: Partial<PeerUse> = {}): PeerUse => ({
    usedBefore: (actor) => new Set(actor.startsWith("jwt_sub:staff") ? [ACCOUNTS, ADMIN] : [ACCOUNTS]),
    groupOf: () => "jwt_sub@api.example",
    peers: (group) => (group === "jwt_sub@api.example" ? 202 : 0),
    callers: (endpoint) => (endpoint === ADMIN ? 2 : 202),
    actorSince: () => T0 - 7 * 24 * HOUR,
    endpointSince: () => T0 - 7 * 24 * HOUR,
    workspaceSince: T0 - 7 * 24 * HOUR,
    ...extra,
  });
  const adminCalls = (actor: string, status = 200) =>
    Array.from({ length: 30 }, (_, i) =>
      ev(T0 + 11 * HOUR + i * 20_000, {
        template: "/v1/admin/users",
        actor,
        status,
        query: [{ name: "page", value: String(i + 1) }],
      }),
    );

  it("fires when a user calls the admin list that only staff use, and says how many peers ever did", () => {
    const findings = functionLevelAbuse(adminCalls("jwt_sub:usr_42"), {
      peerUse: use(),
      label: (a) => a.replace("jwt_sub:", "user "),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      detector: "function-level",
      actor: "jwt_sub:usr_42",
      severity: "high",
      facts: { group: "jwt_sub@api.example", peers: 202 },
    });
    expect(findings[0]!.explanation).toContain(
      "user usr_42 called GET api.example/v1/admin/users (30 calls, 30 answered; 2 of the other 201 signed-in users of api.example ever called it)",
    );
  });

  it("clusters actors by the service they use: an app user reaching the partner API stands out though partners sign in the same way", () => {
    // Two days: 60 partner-portal users charging on partners.example, 100 app users reading accounts on api.example; all signed in.
    const days: DetectionEvent[] = [];
    for (let h = 0; h < 48; h += 2) {
      for (let u = 0; u < 60; u++)
        days.push(
          ev(T0 + h * HOUR + u * 1_000, {
            host: "partners.example",
            template: "/v2/charges",
            method: "POST",
            actor: `jwt_sub:portal${u}`,
          }),
        );
      for (let u = 0; u < 100; u++)
        days.push(
          ev(
            T0 + h * HOUR + u * 1_000 + 500,
            { template: "/v1/accounts/{accountId}", actor: `jwt_sub:app${u}` },
            `/v1/accounts/${u}`,
          ),
        );
    }
    const reach = Array.from({ length: 5 }, (_, i) =>
      ev(T0 + 49 * HOUR + i * 60_000, {
        host: "partners.example",
        template: "/v2/charges",
        method: "POST",
        actor: "jwt_sub:app7",
      }),
    );
    const findings = functionLevelAbuse([...days, ...reach]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ actor: "jwt_sub:app7", facts: { group: "jwt_sub@api.example", peers: 100 } });
    expect(findings[0]!.explanation).toContain(
      "called POST partners.example/v2/charges (5 calls, 5 answered; none of the other 99 signed-in users of api.example ever called it)",
    );
    // By identity kind alone, 60 of 160 signed-in users charge: not rare, and it would have passed.
    const byKind = batchPeerUse([...days, ...reach]);
    expect(
      functionLevelAbuse([...days, ...reach], { peerUse: { ...byKind, groupOf: kindOf, peers: () => 160 } }),
    ).toEqual([]);
  });

  it("stays quiet on staff (a role of their own), on an endpoint many peers use, and while the actor is new", () => {
    const staff = ev(T0 + 11 * HOUR, { template: "/v1/admin/audit", actor: "jwt_sub:staff_1" });
    expect(
      functionLevelAbuse([staff], {
        peerUse: use({ callers: (e) => (e === ADMIN ? 2 : e.endsWith("/audit") ? 0 : 202) }),
      }),
    ).toEqual([]);
    expect(functionLevelAbuse(adminCalls("jwt_sub:usr_42"), { peerUse: use({ callers: () => 150 }) })).toEqual([]);
    expect(functionLevelAbuse(adminCalls("jwt_sub:usr_42"), { peerUse: use({ actorSince: () => T0 }) })).toEqual([]);
    // Refused every time: still worth a look, at a lower severity.
    expect(functionLevelAbuse(adminCalls("jwt_sub:usr_42", 403), { peerUse: use() })[0]).toMatchObject({
      severity: "medium",
    });
  });
});

describe("threat intelligence", () => {
  it("fires on calls from listed addresses, stronger for an identified actor, and not without a list", () => {
    const calls = [
      ev(T0, { template: "/v1/items", actor: "api_key:k1", clientIp: "45.146.165.2" }),
      ev(T0 + 1_000, { template: "/v1/items", actor: "ip:45.146.166.3", clientIp: "45.146.166.3", status: 404 }),
      ev(T0 + 2_000, { template: "/v1/items", actor: "api_key:k2", clientIp: "81.2.69.1" }),
    ];
    expect(threatIntel(calls)).toEqual([]);
    const findings = threatIntel(calls, {
      ipLists: new IpLists([{ name: "Spamhaus DROP", entries: ["45.146.164.0/22"] }]),
    });
    expect(findings.map((f) => [f.actor, f.severity])).toEqual([
      ["api_key:k1", "high"],
      ["ip:45.146.166.3", "medium"],
    ]);
    expect(findings[0]!.explanation).toBe(
      'api_key:k1 made 1 call (1 answered) from 45.146.165.2, listed in "Spamhaus DROP". A credential used from a listed address may be in the wrong hands.',
    );
  });
});

describe("benign-explained", () => {
  const finding = (detector: "scanning" | "object-enumeration") => ({
    detector,
    campaign: "c",
    actor: "ip:10.9.9.9",
    endpoint: null,
    from: T0,
    to: T0,
    severity: "medium" as const,
    confidence: 0.9,
    verdict: "attack" as const,
    title: "t",
    explanation: "It scanned.",
    measures: [],
    evidence: [],
    facts: {},
  });
  const internal = (ip: string) => ip.startsWith("10.");

  it("explains a scan from internal addresses as the workspace's own, and nothing else", () => {
    expect(explainInternal(finding("scanning"), ["10.9.9.9"], internal)).toMatchObject({
      verdict: "benign-explained",
      severity: "low",
      explanation:
        "It scanned. Every request behind it came from your internal networks (10.9.9.9): most likely your own scanner. Suppress it if so.",
    });
    expect(explainInternal(finding("scanning"), ["10.9.9.9", "45.1.1.1"], internal).verdict).toBe("attack");
    expect(explainInternal(finding("object-enumeration"), ["10.9.9.9"], internal).verdict).toBe("attack");
  });
});
