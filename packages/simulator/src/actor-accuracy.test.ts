// Actor resolution measured on simulated traffic against the simulator's
// truth (who really sent each request): every real actor should be one
// Lantern actor (users despite a new token every hour and anonymous calls
// from their addresses), and no Lantern actor should hold two real ones.
import { describe, expect, it } from "vitest";
import { ActorLinker } from "@lantern/engine/detection/actors";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "./formats";
import { simulate } from "./generate";

describe("actors on simulated traffic", () => {
  it("resolves each real caller to one actor and each actor to one real caller (the botnet's addresses stay apart)", () => {
    const requests = [...simulate({ start: new Date("2026-11-18T00:00:00Z"), days: 2, seed: 3 })];
    const parser = createParser({ id: "nginx", logFormat: SIM_NGINX_FORMAT });
    const linker = new ActorLinker();
    const seen = requests.map((r, i) => {
      const parsed = parser.parseLine(SIM_FORMATS.nginx(r));
      if (parsed.ok !== true) throw new Error("unparsed");
      const n = normalizeRecord(parsed.record, { tenantKey: "k" });
      if (!n.ok) throw new Error(n.reason);
      return linker.observe(n.event.identities, n.event.clientIp, { uploadId: "u", line: i + 1 });
    });
    // Where each request ends up once everything is linked (an early anonymous call moves to its user).
    const truthToActors = new Map<string, Set<string>>();
    const actorToTruth = new Map<string, Set<string>>();
    requests.forEach((r, i) => {
      const actor = linker.actorOf(seen[i]!);
      truthToActors.set(r.actor, (truthToActors.get(r.actor) ?? new Set()).add(actor));
      actorToTruth.set(actor, (actorToTruth.get(actor) ?? new Set()).add(r.actor));
    });
    // One merge is right: the key thief calls with the partner's own key, so by identity it is that partner (the volume detector's case).
    const merged = [...actorToTruth].filter(([, truths]) => truths.size > 1).map(([, truths]) => [...truths].sort());
    expect(merged).toEqual([["key-thief", "partner-003"]]);
    // 400 users, 3 support staff, 12 partners, 2 internal services, the travelling consultant, plus one actor per botnet address and
    // per payment-link visitor.
    const crowds = new Set(["botnet", "visitor", "key-thief"]);
    const real = [...truthToActors.keys()].filter((t) => !crowds.has(t));
    expect(real).toHaveLength(450);
    // Split only where nothing could tell: an address from which a user made anonymous calls and never a signed-in one.
    const fragmented = real.filter((t) => truthToActors.get(t)!.size > 1);
    expect(fragmented.length / real.length).toBeLessThan(0.02);
    for (const t of fragmented) {
      const extra = [...truthToActors.get(t)!].filter((a) => !a.startsWith("jwt_sub:"));
      expect(extra.every((a) => a.startsWith("ip:"))).toBe(true);
      const fromThere = requests.filter((r, i) => r.actor === t && extra.includes(linker.actorOf(seen[i]!)));
      expect(fromThere.every((r) => !r.authorization)).toBe(true);
    }
    expect(truthToActors.get("botnet")!.size).toBeGreaterThan(2_000);
    expect([...truthToActors.get("botnet")!].every((a) => a.startsWith("ip:"))).toBe(true);
    // Visitors who open a payment link without signing in are their addresses, each its own.
    expect(
      [...truthToActors.get("visitor")!].every((a) => a.startsWith("ip:") && actorToTruth.get(a)!.size === 1),
    ).toBe(true);
    // A user's tokens changed every hour: one actor nonetheless, named by the JWT subject.
    expect([...truthToActors.get(requests.find((r) => r.scenario === "object-enumeration")!.actor)!]).toEqual([
      expect.stringMatching(/^jwt_sub:usr_/),
    ]);
  });
});
