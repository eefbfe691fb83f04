// Actors: who calls the APIs, seen through the identities of their requests.
//
// A person or consumer (JWT subject, basic-auth or remote user, gateway
// consumer) is an actor of its own. Credentials (bearer tokens, sessions,
// API keys) are linked to the person they were seen with in the same
// request, so a user whose token changes every hour stays one actor, and a
// later request carrying only that token is still theirs. A credential seen
// with two different people is shared, not merged: merging would fold
// strangers into one actor (an app-wide key sent beside every user's token),
// and the sharing is evidence in itself. Client ids (one per app, shared by
// all its users) are never linked. A client address is linked like a
// credential to the actor of the identified requests it sends (a subject from
// a few addresses), so that actor's anonymous calls (the login, a public
// catalogue) are theirs too; an address seen with two actors (an office, a
// NAT) is shared and is an actor of its own for anonymous requests.
//
// Incremental: links are stored per workspace (one row per credential, since
// short-lived tokens make millions of them); a run loads the links of the
// identities its requests carry, and writes back the ones it touched. Each
// link keeps the first request that made it and how many requests agreed, so
// the dashboard can say why two identities are one actor.
import type { Identity } from "../normalize/identity";

/** An identity as a string: "jwt_sub:alice", "bearer:<keyed hash>", "ip:203.0.113.9". */
export type IdentityKey = string;
/** Where a request is: its upload and line. */
export type EventRef = { uploadId: string; line: number };

/** A credential's link: to one person, or shared by several (then it is an actor of its own). */
export type CredentialLink =
  | { to: IdentityKey; via: EventRef; together: number }
  | { shared: IdentityKey[]; via: EventRef; together: number };

/** People and consumers, strongest first: a request's actor is the first of these it carries. */
const PERSON_RANK: Partial<Record<Identity["kind"], number>> = {
  consumer: 0,
  jwt_sub: 1,
  basic_user: 2,
  remote_user: 3,
};
/** Credentials that may stand for a person, strongest first when no person is named. */
const CREDENTIAL_RANK: Partial<Record<Identity["kind"], number>> = { api_key: 0, session: 1, bearer: 2 };
/**
 * Identity kinds in the order a request's own actor key is chosen by (people,
 * then credentials, then the app's client id), for queries that pick it in
 * SQL (hunting's actor facet); links then lead a credential to its person.
 */
export const ACTOR_KIND_ORDER: readonly string[] = [
  ...Object.entries(PERSON_RANK)
    .sort((a, b) => a[1]! - b[1]!)
    .map(([k]) => k),
  ...Object.entries(CREDENTIAL_RANK)
    .sort((a, b) => a[1]! - b[1]!)
    .map(([k]) => k),
  "jwt_client_id",
];
/**
 * The key of a request's strongest identity in ACTOR_KIND_ORDER (its own
 * actor key before links lead a credential to its person), null for an
 * anonymous request. Stored with each event (telemetry.events.actor_key) so
 * hunts find an actor's requests by index.
 */
export function strongestIdentityKey(identities: readonly Identity[]): IdentityKey | null {
  let best: Identity | null = null;
  let bestRank = Infinity;
  for (const id of identities) {
    const rank = ACTOR_KIND_ORDER.indexOf(id.kind);
    if (rank !== -1 && rank < bestRank) {
      best = id;
      bestRank = rank;
    }
  }
  return best ? identityKey(best) : null;
}
/** Enough evidence to show: a shared credential lists at most this many people. */
const MAX_SHARED = 10;

export const identityKey = (id: Identity): IdentityKey =>
  "secret" in id ? `${id.kind}:${id.secret.hash}` : `${id.kind}:${id.value}`;

function best(identities: Identity[], rank: Partial<Record<Identity["kind"], number>>): Identity | null {
  let out: Identity | null = null;
  let outRank = Infinity;
  for (const id of identities) {
    const r = rank[id.kind];
    if (r !== undefined && r < outRank) {
      out = id;
      outRank = r;
    }
  }
  return out;
}

export class ActorLinker {
  private readonly links: Map<IdentityKey, CredentialLink>;
  /** Links whose owner changed since the last `takeChanges()`: their past traffic moves between actors. */
  private changed = new Set<IdentityKey>();
  /** Links created or updated (counts too): what to write back. */
  private readonly touched = new Set<IdentityKey>();

  /** `links`: the stored links of (at least) the identities the coming requests carry. */
  constructor(links: Iterable<[IdentityKey, CredentialLink]> = []) {
    this.links = new Map(links);
  }

  /** The links created or updated by this linker, to be stored. */
  touchedLinks(): [IdentityKey, CredentialLink][] {
    return [...this.touched].map((k) => [k, this.links.get(k)!]);
  }

  /** Learns from one request and returns its actor's key (null: no identity and no address). */
  observe(identities: Identity[], clientIp: string | null, ref: EventRef): IdentityKey | null {
    const ip = clientIp ? `ip:${clientIp}` : null;
    const actor = this.identified(identities, ref);
    if (!actor) return ip ? this.actorOf(ip) : null;
    if (ip) this.link(ip, actor, ref);
    return actor;
  }

  /**
   * The actor of a request judged before, read again for a window it shares with new ones: named as observe() names
   * it, learning nothing (what it taught is stored; learning it twice would count its links twice).
   */
  recall(identities: Identity[], clientIp: string | null): IdentityKey | null {
    const actor = this.identified(identities, null);
    if (actor) return actor;
    return clientIp ? this.actorOf(`ip:${clientIp}`) : null;
  }

  /** The actor named by a request's identities, linking its credentials to its person (unless `ref` is null). */
  private identified(identities: Identity[], ref: EventRef | null): IdentityKey | null {
    const person = best(identities, PERSON_RANK);
    if (person) {
      const to = identityKey(person);
      if (!ref) return to;
      for (const id of identities) {
        if (id === person || id.kind === "jwt_client_id") continue;
        // A second person-like identity (a consumer beside a JWT subject) is linked like a credential.
        if (CREDENTIAL_RANK[id.kind] !== undefined || PERSON_RANK[id.kind] !== undefined)
          this.link(identityKey(id), to, ref);
      }
      return to;
    }
    const credential = best(identities, CREDENTIAL_RANK);
    if (credential) return this.actorOf(identityKey(credential));
    const client = identities.find((id) => id.kind === "jwt_client_id");
    return client ? identityKey(client) : null;
  }

  /** The actor an identity belongs to: the one it is linked to (an address may point at a credential that points at a person), else itself. */
  actorOf(key: IdentityKey): IdentityKey {
    let at = key;
    for (let hop = 0; hop < 3; hop++) {
      const link = this.links.get(at);
      if (!link || !("to" in link)) break;
      at = link.to;
    }
    return at;
  }

  /** Why an identity belongs to its actor (null: it is the actor itself, or unlinked). */
  linkOf(key: IdentityKey): CredentialLink | null {
    return this.links.get(key) ?? null;
  }

  /** Identities whose link was made or broken since the last call (their past traffic moves between actors). */
  takeChanges(): { key: IdentityKey; actor: IdentityKey }[] {
    const out = [...this.changed].map((key) => ({ key, actor: this.actorOf(key) }));
    this.changed = new Set();
    return out;
  }

  private link(key: IdentityKey, to: IdentityKey, ref: EventRef): void {
    if (key === to) return;
    this.touched.add(key);
    const link = this.links.get(key);
    if (!link) {
      this.links.set(key, { to, via: ref, together: 1 });
      this.changed.add(key);
    } else if ("to" in link) {
      // The same actor, maybe reached through a credential since linked to it.
      if (link.to === to || this.actorOf(link.to) === to) {
        link.to = to;
        link.together++;
      } else {
        // Seen with a second person: shared from now on, and no longer anyone's.
        this.links.set(key, { shared: [link.to, to], via: ref, together: link.together + 1 });
        this.changed.add(key);
      }
    } else {
      link.together++;
      if (!link.shared.includes(to) && link.shared.length < MAX_SHARED) link.shared.push(to);
    }
  }
}
