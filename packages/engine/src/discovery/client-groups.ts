// Who calls a service, in groups a map can draw: partners (a gateway's
// consumer, else their API key), an app's signed-in users (a JWT's client
// id), other signed-in users, internal callers (private addresses, named by
// their user agent's product) and anonymous callers by country.
import type { DiscoveryEvent } from "./endpoint-stats";
import { isInternal, type Cidr } from "../normalize/ip";

export type ClientKind = "partner" | "users" | "internal" | "anonymous";
export type ClientGroup = { key: string; kind: ClientKind; label: string };

export type ClientEvent = Pick<DiscoveryEvent, "identities" | "clientIp"> & {
  userAgent: string | null;
  country: string | null;
};

/** The product token of a user agent ("payments-worker/1.9 (linux)" → "payments-worker"). */
const product = (ua: string | null) => (ua ? (/^([\w.-]{2,40})\//.exec(ua)?.[1] ?? null) : null);

export function clientGroupOf(e: ClientEvent, internal: Cidr[] = []): ClientGroup {
  let apiKey: ClientGroup | null = null;
  let app: ClientGroup | null = null;
  let signedIn = false;
  for (const id of e.identities) {
    if (id.kind === "consumer") return { key: `partner:${id.value}`, kind: "partner", label: id.value };
    if (id.kind === "api_key")
      apiKey ??= {
        key: `key:${id.secret.hash.slice(0, 10)}`,
        kind: "partner",
        label: `API key ${id.secret.display} #${id.secret.hash.slice(0, 4)}`,
      };
    else if (id.kind === "jwt_client_id") app ??= { key: `app:${id.value}`, kind: "users", label: `${id.value} users` };
    else signedIn = true;
  }
  if (apiKey) return apiKey;
  if (app) return app;
  if (signedIn) return { key: "users", kind: "users", label: "Signed-in users" };
  if (e.clientIp && isInternal(e.clientIp, internal)) {
    const name = product(e.userAgent);
    return name
      ? { key: `internal:${name}`, kind: "internal", label: name }
      : { key: `internal:${e.clientIp}`, kind: "internal", label: e.clientIp };
  }
  return e.country
    ? { key: `country:${e.country}`, kind: "anonymous", label: `Anonymous · ${e.country}` }
    : { key: "anonymous", kind: "anonymous", label: "Anonymous" };
}

/** Past this many groups per service in one upload, the smallest are merged into one "other" group per kind. */
export const MAX_CLIENT_GROUPS = 40;

export const otherGroup = (kind: ClientKind): ClientGroup => ({
  key: `other:${kind}`,
  kind,
  label: `Other ${kind === "users" ? "users" : kind === "partner" ? "partners" : kind === "internal" ? "internal callers" : "anonymous callers"}`,
});
