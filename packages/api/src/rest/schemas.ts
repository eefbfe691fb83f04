// What the public REST API answers, as zod schemas of the JSON on the wire
// (dates are ISO strings). The OpenAPI document is generated from them and
// the API's end-to-end test checks every documented route against them.
// Large documents (an endpoint's page, an alert's evidence) are loose
// objects: the fields named here are promised, others may be added.
import { z } from "zod";
import { ZTokenScope } from "@lantern/services/validation";

const date = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);

export const ZErrorJson = z.object({
  error: z.looseObject({
    code: z.string().meta({ example: "UNAUTHORIZED" }),
    message: z.string(),
  }),
});

export const ZStageJson = z.object({
  name: z.enum(["ingest", "discovery", "detection", "posture"]),
  state: z.enum(["waiting", "running", "done", "failed", "skipped"]),
  progress: share,
  finishedAt: date.nullable(),
});

export const ZUploadJson = z.object({
  id: z.string().meta({ example: "upl_3k9d…" }),
  status: z.enum(["RECEIVED", "PROCESSING", "COMPLETED", "FAILED", "DUPLICATE"]),
  source: z.string(),
  fileName: z.string(),
  format: z.looseObject({ id: z.string() }).nullable().describe('The format used, e.g. {"id": "combined"}'),
  detectedConfidence: z.number().nullable(),
  sizeBytes: count,
  progress: share.describe("Ingestion's share done (bytes read)"),
  lines: z.object({
    read: count,
    accepted: count,
    rejected: count,
    rejectReasons: z.record(z.string(), count),
    rejectSamples: z.array(z.object({ reason: z.string(), line: count, sample: z.string() })),
  }),
  timeRange: z.object({ from: date.nullable(), to: date.nullable() }),
  readiness: z.looseObject({ score: z.number() }).nullable().describe("The log readiness report"),
  error: z.string().nullable(),
  notice: z.string().nullable().describe("What the uploader should know: a read limit reached, old events"),
  duplicateOf: z.string().nullable(),
  createdAt: date,
  completedAt: date.nullable(),
  inventory: z
    .object({ progress: share, addedAt: date.nullable() })
    .describe("Discovery, which adds a completed upload's events to the API inventory, in parts"),
  stages: z
    .array(ZStageJson)
    .describe(
      "Every stage of the pipeline in order (ingest, discovery, detection, posture): alerts are ready when detection is done or skipped, posture findings when posture is",
    ),
});

export const ZIngestAcceptedJson = z.object({
  uploadId: z.string(),
  status: z.enum(["RECEIVED", "DUPLICATE"]),
  duplicateOf: z.string().nullable(),
  statusUrl: z.url().describe("GET it for the upload's progress"),
});

export const ZMeJson = z.object({
  workspace: z.object({ id: z.string().meta({ example: "ws_3k9d…" }), slug: z.string(), name: z.string() }),
  token: z.object({ id: z.string(), name: z.string(), scopes: z.array(ZTokenScope) }),
});

export const ZServicesJson = z.object({
  services: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      calls: count,
      endpoints: count,
      firstSeen: date,
      lastSeen: date,
    }),
  ),
});

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

export const ZEndpointRowJson = z.object({
  id: z.string().meta({ example: "ep_3k9d…" }),
  host: z.string(),
  serviceId: z.string(),
  method: z.string(),
  template: z.string().meta({ example: "/v1/users/{id}" }),
  version: z.string().nullable(),
  calls: count,
  firstSeen: date,
  lastSeen: date,
  unauthenticated: z.boolean().describe("Seen serving 2xx without credentials"),
  authenticatedShare: share,
  direction: z.string().describe("north-south (from outside) or east-west (between private networks)"),
  distinctActors: count,
  latencyMs: percentiles,
  errorShare: share,
  params: z.array(z.string()),
  specStatus: z.enum(["documented", "shadow", "zombie"]).nullable(),
  specReason: z.string().nullable(),
  sensitiveTypes: z.array(z.string()),
  riskScore: z.number().min(0).max(10).describe("Likelihood × impact, 0 to 10 (open findings, alerts, exposure)"),
  owners: z.array(z.string()).describe("Who owns its open posture findings (their names, or emails)"),
});

export const ZEndpointPageJson = z.object({
  total: count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  rows: z.array(ZEndpointRowJson),
});

export const ZEndpointJson = z
  .looseObject({
    id: z.string(),
    host: z.string(),
    method: z.string(),
    template: z.string(),
    firstSeen: date,
    lastSeen: date,
  })
  .describe("Everything the endpoint's page shows: figures, percentiles, status mix, parameters, spec status, changes");

export const ZChangesJson = z.object({
  changes: z.array(
    z.object({
      id: z.string(),
      kind: z.string().meta({ example: "NEW_ENDPOINT" }),
      endpointId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
      at: date,
    }),
  ),
});

const named = z.object({ id: z.string(), label: z.string() });

export const ZAlertRowJson = z.object({
  id: z.string().meta({ example: "alr_3k9d…" }),
  detector: z.string(),
  severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]),
  verdict: z.enum(["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"]),
  confidence: z.number(),
  title: z.string(),
  explanation: z.string(),
  status: z.enum(["NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"]),
  firstSeen: date,
  lastSeen: date,
  updatedAt: date,
  occurrences: count,
  actor: named.nullable(),
  assignee: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  endpoint: named.nullable(),
});

export const ZAlertPageJson = z.object({
  total: count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  detectors: z.array(z.string()).describe("Every detector with alerts in the workspace, for a filter"),
  about: z.object({ actor: named.nullable(), endpoint: named.nullable() }),
  rows: z.array(ZAlertRowJson),
});

/** An alert as webhooks and the feed carry it: the facts, the link back, at most 50 of its addresses. */
export const ZAlertFactsJson = z.object({
  id: z.string().meta({ example: "alr_3k9d…" }),
  url: z.string().describe("The alert's page in the dashboard"),
  title: z.string(),
  detector: z.string(),
  severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]),
  verdict: z.enum(["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"]),
  status: z.enum(["NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"]),
  explanation: z.string(),
  endpoint: z.string().nullable(),
  actor: z.string().nullable(),
  addressCount: count,
  addresses: z.array(z.string()),
  firstSeen: date,
  lastSeen: date,
  occurrences: count,
  updatedAt: date,
});

export const ZAlertFeedJson = z.object({
  cursor: z
    .string()
    .nullable()
    .describe("Pass it as `cursor` to read what changed after this page; null before any alert"),
  more: z.boolean().describe("True when more changes wait: read again at once"),
  alerts: z.array(ZAlertFactsJson).optional().describe("With format=json"),
  findings: z
    .array(z.looseObject({ class_uid: z.literal(2004), finding_info: z.looseObject({ uid: z.string() }) }))
    .optional()
    .describe("With format=ocsf: OCSF 1.3 Detection Findings"),
});

export const ZAlertJson = z
  .looseObject({
    id: z.string(),
    detector: z.string(),
    title: z.string(),
    explanation: z.string(),
    status: z.string(),
  })
  .describe("One alert with its explanation, measures, the requests behind it, its timeline and history");

export const ZOpenApiExportJson = z
  .looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
  .describe("An OpenAPI 3.1 document of the service's discovered endpoints");

export const ZFindingRowJson = z.looseObject({
  id: z.string().meta({ example: "fnd_3k9d…" }),
  check: z.string().meta({ example: "credentials-in-url" }),
  owasp: z.string().meta({ example: "API2" }),
  severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]),
  confidence: z.enum(["observed", "inferred", "spec"]),
  title: z.string(),
  detail: z.string(),
  fix: z.string(),
  status: z.enum(["OPEN", "ACCEPTED", "RESOLVED"]),
  firstSeen: date,
  lastSeen: date,
  resolvedAt: date.nullable(),
  acceptedReason: z.string().nullable(),
  acceptedUntil: date.nullable(),
  endpoint: named,
});

export const ZFindingPageJson = z.object({
  total: count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  byOwasp: z.array(z.object({ id: z.string(), name: z.string(), count })).describe("Counts per OWASP category"),
  bySeverity: z.array(z.object({ severity: z.string(), count })),
  rows: z.array(ZFindingRowJson),
});

const severityCounts = z.object({ critical: count, high: count, medium: count, low: count });

export const ZPostureJson = z
  .object({
    score: z.number().int().min(0).max(100).meta({ example: 72 }),
    open: severityCounts.describe("Open findings by severity (accepted risks do not count)"),
    deductions: severityCounts.describe("Points each severity takes off the score"),
    trend: z
      .array(
        severityCounts.extend({ day: z.string().meta({ example: "2026-12-04" }), score: z.number().int().nullable() }),
      )
      .describe("The score per day, oldest first; null before the first judgement"),
    notAssessable: z
      .array(
        z.looseObject({
          field: z.string().meta({ example: "identity" }),
          title: z.string(),
          checks: z.array(z.string()),
          sources: z.array(z.object({ source: z.string(), fix: z.string() })),
        }),
      )
      .describe("Checks not run because no data source logs a field they need, with each source's fix"),
    services: z.array(z.object({ id: z.string(), host: z.string(), score: z.number().int(), open: severityCounts })),
  })
  .describe("The workspace's posture score (0-100), its trend and each service's score");

const ZFeedEntryJson = z.object({
  kind: z.string().describe('"cidr", or the identity kind: remote_user, basic_user, consumer, jwt_sub, api_key'),
  value: z.string().describe("The range (203.0.113.0/24), or the identity's value (API keys by their keyed hash)"),
  label: z.string(),
  reason: z.string(),
  expiresAt: z.string().nullable().describe("When it lifts by itself; null until someone removes it"),
});

export const ZBlocklistJson = z
  .object({
    workspace: z.string(),
    cursor: z.string().describe("Pass it as `since` next time to get only what changed"),
    generatedAt: z.string(),
    entries: z.array(ZFeedEntryJson).optional().describe("The whole list (without `since`)"),
    changes: z.literal(true).optional().describe("Present with `since`: the answer holds changes, not the list"),
    added: z.array(ZFeedEntryJson).optional().describe("With `since`: entries added since the cursor"),
    removed: z.array(ZFeedEntryJson).optional().describe("With `since`: entries removed or expired since the cursor"),
  })
  .describe("The block or rate-limit list (format=json)");
