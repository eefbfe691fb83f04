import { describe, expect, it } from "vitest";
import type { Identity } from "../normalize/identity";
import { ActorLinker } from "./actors";

const sub = (value: string): Identity => ({ kind: "jwt_sub", value, source: "authorization" });
const client = (value: string): Identity => ({ kind: "jwt_client_id", value, source: "authorization" });
const secret = (kind: "bearer" | "session" | "api_key", hash: string): Identity => ({
  kind,
  secret: { hash, display: hash.slice(0, 3) },
  source: "header",
});
const at = (line: number) => ({ uploadId: "upl_1", line });

describe("actors from identities", () => {
  it("keeps a user whose token changes every hour as one actor, and finds them by the token alone", () => {
    const linker = new ActorLinker();
    for (let hour = 0; hour < 24; hour++) {
      expect(
        linker.observe([secret("bearer", `tok${hour}`), sub("alice"), client("mobile-app")], "198.51.100.1", at(hour)),
      ).toBe("jwt_sub:alice");
    }
    // An opaque request carrying only the token of hour 5.
    expect(linker.observe([secret("bearer", "tok5")], "198.51.100.7", at(100))).toBe("jwt_sub:alice");
    expect(linker.linkOf("bearer:tok5")).toEqual({ to: "jwt_sub:alice", via: at(5), together: 1 });
    // The app's client id is shared by every user of the app: never linked, never the actor beside a person.
    expect(linker.linkOf("jwt_client_id:mobile-app")).toBeNull();
    expect(linker.observe([secret("bearer", "tokB"), sub("bob"), client("mobile-app")], null, at(101))).toBe(
      "jwt_sub:bob",
    );
  });

  it("moves a credential seen alone to the person it is later seen with, and says which request linked them", () => {
    const linker = new ActorLinker();
    expect(linker.observe([secret("session", "s1")], "203.0.113.5", at(1))).toBe("session:s1");
    // The address's anonymous calls are the session's from now on.
    expect(linker.takeChanges()).toEqual([{ key: "ip:203.0.113.5", actor: "session:s1" }]);
    linker.observe(
      [secret("session", "s1"), { kind: "basic_user", value: "carol", source: "authorization" }],
      "203.0.113.5",
      at(2),
    );
    linker.observe(
      [secret("session", "s1"), { kind: "basic_user", value: "carol", source: "authorization" }],
      "203.0.113.5",
      at(3),
    );
    expect(linker.takeChanges()).toEqual([{ key: "session:s1", actor: "basic_user:carol" }]);
    expect(linker.linkOf("session:s1")).toEqual({ to: "basic_user:carol", via: at(2), together: 2 });
    expect(linker.observe([secret("session", "s1")], "203.0.113.5", at(4))).toBe("basic_user:carol");
    // So are the address's: a login form posted without credentials from there.
    expect(linker.observe([], "203.0.113.5", at(5))).toBe("basic_user:carol");
    expect(linker.linkOf("ip:203.0.113.5")).toMatchObject({ to: "basic_user:carol", together: 4 });
  });

  it("does not merge people who share a credential: an app-wide key sent beside every user's token stays its own actor", () => {
    const linker = new ActorLinker();
    linker.observe([secret("api_key", "app"), sub("alice")], null, at(1));
    expect(linker.takeChanges()).toEqual([{ key: "api_key:app", actor: "jwt_sub:alice" }]);
    linker.observe([secret("api_key", "app"), sub("bob")], null, at(2));
    linker.observe([secret("api_key", "app"), sub("dave")], null, at(3));
    expect(linker.observe([secret("api_key", "app"), sub("bob")], null, at(4))).toBe("jwt_sub:bob");
    // Shared: the key's own calls are the key's, and the evidence names who shared it.
    expect(linker.observe([secret("api_key", "app")], "192.0.2.1", at(5))).toBe("api_key:app");
    expect(linker.linkOf("api_key:app")).toEqual({
      shared: ["jwt_sub:alice", "jwt_sub:bob", "jwt_sub:dave"],
      via: at(2),
      together: 4,
    });
    // Its traffic moves back from alice to the key (and the address it called from is the key's).
    expect(linker.takeChanges()).toEqual([
      { key: "api_key:app", actor: "api_key:app" },
      { key: "ip:192.0.2.1", actor: "api_key:app" },
    ]);
  });

  it("keeps an address seen with two actors (an office, a NAT) as an actor of its own for anonymous calls", () => {
    const linker = new ActorLinker();
    linker.observe([sub("gina")], "192.0.2.50", at(1));
    linker.observe([sub("hal")], "192.0.2.50", at(2));
    expect(linker.observe([], "192.0.2.50", at(3))).toBe("ip:192.0.2.50");
    expect(linker.linkOf("ip:192.0.2.50")).toMatchObject({ shared: ["jwt_sub:gina", "jwt_sub:hal"] });
  });

  it("falls back to the strongest credential, then the client id, then the address", () => {
    const linker = new ActorLinker();
    expect(linker.observe([secret("bearer", "t"), secret("api_key", "k")], "192.0.2.9", at(1))).toBe("api_key:k");
    expect(linker.observe([client("batch-exporter")], "192.0.2.9", at(2))).toBe("jwt_client_id:batch-exporter");
    expect(linker.observe([], "192.0.2.9", at(3))).toBe("ip:192.0.2.9");
    expect(linker.observe([], null, at(4))).toBeNull();
  });

  it("resumes from the links it touched as if it had never stopped", () => {
    const first = new ActorLinker();
    first.observe([secret("bearer", "t1"), sub("erin")], null, at(1));
    first.observe([secret("api_key", "shared"), sub("erin")], null, at(2));
    first.observe([secret("api_key", "shared"), sub("frank")], null, at(3));
    const second = new ActorLinker(first.touchedLinks());
    expect(second.observe([secret("bearer", "t1")], null, at(4))).toBe("jwt_sub:erin");
    expect(second.observe([secret("api_key", "shared")], null, at(5))).toBe("api_key:shared");
    expect(second.touchedLinks()).toEqual([]);
  });
});
