// What detection reads and what it reports. Detectors are pure functions of
// a batch of events (in time order, each already given its actor and its
// endpoint template) and of the workspace's baselines; they return findings
// that say, in plain words and figures, what departed from which norm.
import type { QueryParam } from "../normalize/event";
import type { EntityClaim } from "../normalize/identity";
import type { EventRef, IdentityKey } from "./actors";
import type { Baselines } from "./baselines";
import type { ActorHistory } from "./detectors/volume";
import type { PeerUse } from "./detectors/function-level";
import type { EntityWindows } from "./detectors/entity-targeting";
import type { ActorPlaces } from "./detectors/geography";
import type { Centroids } from "./geo";
import type { IpLists } from "./ip-list";

export type DetectionEvent = {
  ref: EventRef;
  ts: number;
  actor: IdentityKey | null;
  clientIp: string | null;
  country: string | null;
  /** The client family its user agent names, without versions (agent.ts): "NorthwindPay", "Chrome on Windows". */
  agent: string | null;
  method: string;
  host: string;
  /** The path as requested (secrets already masked at ingestion). */
  path: string;
  template: string;
  /** endpointLabel of its method, host and template: one string per endpoint over a batch (see endpointLabeller). */
  endpoint: string;
  /** The path's concrete values at the template's variables ("accountId" → "100007"): the business objects touched. */
  objects: { name: string; value: string }[];
  /** The business entities the caller's token names (its tenant, organisation, account…): usually empty. */
  entities: EntityClaim[];
  status: number | null;
  responseBytes: number | null;
  query: QueryParam[];
};

export type DetectorId =
  | "credential-stuffing"
  | "object-enumeration"
  | "excessive-data"
  | "scanning"
  | "volume"
  | "decoy"
  | "injection"
  | "function-level"
  | "threat-intel"
  | "impossible-travel"
  | "new-geography"
  | "business-logic"
  | "entity-targeting"
  | "refusals"
  | "sequence"
  | "new-client"
  /** A saved hunt run as a detector (services/hunt/detectors.ts). */
  | "hunt";
export type Severity = "low" | "medium" | "high" | "critical";
export type Verdict = "attack" | "suspicious" | "benign-explained";

/** A measured value beside the norm it was judged against. */
export type Measure = { name: string; value: number; typical: number; spread: number; basis: string };

export type Finding = {
  detector: DetectorId;
  /** Findings with the same key are one campaign: merged into one alert, not repeated. */
  campaign: string;
  actor: IdentityKey | null;
  endpoint: { host: string; method: string; template: string } | null;
  from: number;
  to: number;
  severity: Severity;
  /** 0 to 1: how sure the evidence makes the verdict. */
  confidence: number;
  verdict: Verdict;
  title: string;
  explanation: string;
  measures: Measure[];
  /** Some of the requests behind it (at most MAX_EVIDENCE), in time order. */
  evidence: EventRef[];
  /** Detector-specific facts for the alert page (e.g. the accounts that then signed in). */
  facts: Record<string, unknown>;
  /** Every address the campaign came from, when the detector knows more of them than its evidence shows. */
  addresses?: string[];
};

export const MAX_EVIDENCE = 50;

/** A sign-in that succeeded from an attacking address: which request, from where, when (credential stuffing's facts). */
export type SignIn = { ref: EventRef; ip: string; ts: number };
/** Addresses an alert keeps: enough for a botnet's block, bounded for the row. */
export const MAX_ALERT_ADDRESSES = 2_000;

export type DetectOptions = {
  /** Addresses the workspace has seen with an identified actor (attacking addresses are mostly new). */
  knownIps?: (ip: string) => boolean;
  /** How an actor is named in explanations (a secret by its short prefix and hash, never its keyed hash). */
  label?: (actor: string) => string;
  /** The workspace's stored norms (judged against and learnt from); a fresh one when absent: the batch is its own history. */
  baselines?: Baselines;
  /** An actor's hours stored before this batch (the volume detector's own-history baseline). */
  actorHistory?: (actor: string) => ActorHistory | undefined;
  /** Trap paths the workspace declared and never uses ("/admin/export", "/backup/*"). */
  decoys?: string[];
  /** Who called what before this batch, by peer group (the function-level abuse detector's baseline). */
  peerUse?: PeerUse;
  /** The workspace's imported threat-intelligence lists. */
  ipLists?: IpLists;
  /**
   * Who called an object on an endpoint before this batch, calls by actor (stored), for the objects the caller read
   * (enumerationCandidates): an hour's batch holds few of their owners' own calls.
   */
  objectCallers?: (endpoint: string, object: string) => ReadonlyMap<string, number> | undefined;
  /** Where each actor called from before this batch (countries and networks). */
  places?: (actor: string) => ActorPlaces | undefined;
  /** The batch's entity-hours when the caller already worked them out (to load the crowded entities' own histories). */
  entityWindows?: EntityWindows;
  /** Country centroids: without them geography is not judged. */
  centroids?: Centroids;
  /** Told each detector's name as it finishes (the job's phase timings: which detector a slow part spent its time in). */
  lap?: (detector: string) => void;
};

export const endpointLabel = (e: { method: string; host: string; template: string }) =>
  `${e.method} ${e.host}${e.template}`;

/**
 * endpointLabel, made once per endpoint: every detector keys its maps by an
 * event's endpoint, and over a million events a fresh string per event and
 * detector (built, hashed, collected) cost seconds.
 */
export function endpointLabeller(): (e: { method: string; host: string; template: string }) => string {
  const byHost = new Map<string, Map<string, Map<string, string>>>();
  return (e) => {
    let byTemplate = byHost.get(e.host);
    if (!byTemplate) byHost.set(e.host, (byTemplate = new Map()));
    let byMethod = byTemplate.get(e.template);
    if (!byMethod) byTemplate.set(e.template, (byMethod = new Map()));
    let label = byMethod.get(e.method);
    if (label === undefined) byMethod.set(e.method, (label = endpointLabel(e)));
    return label;
  };
}
