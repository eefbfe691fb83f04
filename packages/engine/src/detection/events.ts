// A stored request as the detectors see it: its actor (linked identities),
// its endpoint (the template discovery learnt), the objects it names and its
// client family. One function for every caller (detection's parts, the
// simulated-accuracy tests), so what is judged is built one way.
import type { QueryParam } from "../normalize/event";
import type { EntityClaim } from "../normalize/identity";
import type { IdentityKey } from "./actors";
import { agentFamily } from "./agent";
import { objectsOf } from "./objects";
import { type DetectionEvent, endpointLabeller } from "./types";

/** A request as stored: `host` already resolved (logged Host, else the service, else the data source). */
export type StoredRequest = {
  line: number;
  ts: number;
  method: string;
  host: string;
  path: string;
  query: QueryParam[];
  status: number | null;
  responseBytes: number | null;
  clientIp: string | null;
  country: string | null;
  userAgent: string | null;
  entities: EntityClaim[];
  /**
   * The upload of an event judged before, read again because the part judged now shares its hour (a window that
   * spans uploads or parts is judged whole); absent for the part's own events.
   */
  judgedIn?: string;
};

/**
 * Builds the detection events of one upload. Endpoint labels and client
 * families are named once each: a few of them repeat over a million lines.
 */
export function detectionEventBuilder(
  uploadId: string,
  templateOf: (host: string, path: string) => string,
): (request: StoredRequest, actor: IdentityKey | null) => DetectionEvent {
  const labelEndpoint = endpointLabeller();
  const families = new Map<string | null, string | null>();
  const familyOf = (ua: string | null) => {
    let f = families.get(ua);
    if (f === undefined) families.set(ua, (f = agentFamily(ua)));
    return f;
  };
  return (r, actor) => {
    const template = templateOf(r.host, r.path);
    return {
      ref: { uploadId: r.judgedIn ?? uploadId, line: r.line },
      ts: r.ts,
      actor,
      clientIp: r.clientIp,
      country: r.country,
      agent: familyOf(r.userAgent),
      method: r.method,
      host: r.host,
      path: r.path,
      template,
      endpoint: labelEndpoint({ method: r.method, host: r.host, template }),
      objects: objectsOf(template, r.path),
      status: r.status,
      responseBytes: r.responseBytes,
      query: r.query,
      entities: r.entities,
    };
  };
}
