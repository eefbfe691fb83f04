// The public REST API, declared once: each route's method and path, the
// token scopes it needs, the zod schemas its parameters are validated with
// (the services' own, shared with the dashboard's tRPC procedures) and the
// schemas of what it answers. The route handlers read their route from here,
// /api/v1/openapi.json is generated from here (openapi.ts), and tests check
// that every route file is here and every route answers as declared.
import { ZAlertFeedQuery } from "@lantern/services/detection/alert-feed";
import { ZAlertQuery } from "@lantern/services/detection/alerts";
import { ZEndpointQuery } from "@lantern/services/discovery/inventory";
import { ZFindingQuery, ZPostureQuery } from "@lantern/services/posture/findings";
import { ZSourceName } from "@lantern/services/ingest/validation";
import { ZFeedQuery } from "@lantern/services/response/feeds";
import type { TokenScope } from "@lantern/services/tokens";
import { z } from "zod";
import {
  ZAlertFeedJson,
  ZAlertJson,
  ZAlertPageJson,
  ZChangesJson,
  ZEndpointJson,
  ZEndpointPageJson,
  ZFindingPageJson,
  ZPostureJson,
  ZBlocklistJson,
  ZIngestAcceptedJson,
  ZMeJson,
  ZOpenApiExportJson,
  ZServicesJson,
  ZUploadJson,
} from "./schemas";

export type RestRoute = {
  method: "GET" | "POST";
  /** OpenAPI path under /api/v1, `{name}` for a path parameter. */
  path: string;
  summary: string;
  description?: string;
  /** Any of these scopes lets a token call the route. */
  scopes: TokenScope[];
  query?: z.ZodType;
  /** Path parameters, by name. */
  params?: z.ZodObject;
  /** The request body, described (the ingest body is raw log lines, not JSON). */
  body?: { contentType: string; description: string };
  /** The success response (its status and schema); errors share one shape. */
  answer: { status: 200 | 202; description: string; schema: z.ZodType };
  /** Errors this route can answer beyond the ones every route can (401, 403, 400). */
  errors?: Partial<Record<404 | 413 | 415 | 429, string>>;
};

const ZId = (what: string) => z.object({ id: z.string().min(1).max(64).describe(`The ${what}'s id`) });

export const ZIngestQuery = z.object({
  source: ZSourceName.default("api").describe("Names the data source (nginx-edge, alb-prod…)"),
  format: z
    .string()
    .max(64)
    .optional()
    .describe(
      "combined, common, nginx, apache, envoy, aws-alb, aws-cloudfront, kong, json, har…; detected when absent",
    ),
  log_format: z.string().max(4000).optional().describe("nginx log_format or Apache LogFormat line"),
  mapping: z.string().max(8000).optional().describe('For format=json: {"time": "ts", "path": "request.uri", …}'),
});

export const REST_ROUTES = {
  ingest: {
    method: "POST",
    path: "/ingest",
    summary: "Send a batch of log lines (plain or gzip) to be ingested",
    description:
      "Requires the `ingest` scope. The body is stored, then parsed in the background: poll the upload's statusUrl. The same bytes again are answered as a duplicate.",
    scopes: ["ingest"],
    query: ZIngestQuery,
    body: {
      contentType: "text/plain",
      description: "Raw log lines or NDJSON; Content-Encoding: gzip is accepted",
    },
    answer: { status: 202, description: "Accepted; processing in the background", schema: ZIngestAcceptedJson },
    errors: {
      413: "The body is over the upload limit",
      415: "A Content-Encoding other than gzip",
      429: "Too many uploads still waiting in this workspace; retry after Retry-After seconds",
    },
  },
  getUpload: {
    method: "GET",
    path: "/uploads/{id}",
    summary: "An upload's progress through every stage, its counts, time range and readiness",
    scopes: ["ingest", "read"],
    params: ZId("upload"),
    answer: { status: 200, description: "The upload", schema: ZUploadJson },
    errors: { 404: "No such upload in this workspace" },
  },
  listServices: {
    method: "GET",
    path: "/services",
    summary: "The workspace's services (hosts) with endpoint counts",
    scopes: ["read"],
    answer: { status: 200, description: "The services, busiest first", schema: ZServicesJson },
  },
  exportService: {
    method: "GET",
    path: "/services/{id}/openapi",
    summary: "A service's discovered endpoints as an OpenAPI 3.1 document",
    scopes: ["read"],
    params: ZId("service"),
    answer: { status: 200, description: "The document, as a download", schema: ZOpenApiExportJson },
    errors: { 404: "No such service in this workspace" },
  },
  listEndpoints: {
    method: "GET",
    path: "/endpoints",
    summary: "The API inventory: endpoints templated from traffic",
    description: "Requires the `read` scope. Same filters, sorting and paging as the dashboard's inventory.",
    scopes: ["read"],
    query: ZEndpointQuery,
    answer: { status: 200, description: "A page of endpoints", schema: ZEndpointPageJson },
  },
  getEndpoint: {
    method: "GET",
    path: "/endpoints/{id}",
    summary: "One endpoint with its stats, parameters, spec status and changes",
    scopes: ["read"],
    params: ZId("endpoint"),
    answer: { status: 200, description: "The endpoint", schema: ZEndpointJson },
    errors: { 404: "No such endpoint in this workspace" },
  },
  listChanges: {
    method: "GET",
    path: "/changes",
    summary: "The feed of API changes (new services, endpoints, parameters, sensitive data), newest first",
    scopes: ["read"],
    answer: { status: 200, description: "The 200 newest changes", schema: ZChangesJson },
  },
  listFindings: {
    method: "GET",
    path: "/findings",
    summary: "Posture findings: what is weak in each endpoint, mapped to the OWASP API Top 10, with the fix",
    description:
      "Requires the `read` scope. Open findings by default; filter by status, severity, OWASP category or endpoint.",
    scopes: ["read"],
    query: ZFindingQuery,
    answer: { status: 200, description: "A page of findings, most severe first", schema: ZFindingPageJson },
  },
  getPosture: {
    method: "GET",
    path: "/posture",
    summary:
      "The posture score: 0-100 from open findings, its daily trend, each service's score, and what is not assessable",
    description:
      "Requires the `read` scope. Each severity takes at most its share of the points (critical 40, high 30, medium 20, low 10), each further finding less than the one before.",
    scopes: ["read"],
    query: ZPostureQuery,
    answer: { status: 200, description: "The score and its trend", schema: ZPostureJson },
  },
  getBlocklist: {
    method: "GET",
    path: "/blocklist",
    summary: "The block or rate-limit list, in the format a gateway reads",
    description:
      "Requires the `blocklist` scope (made for gateways: it reads nothing else) or `read`. format=text is one range per line; nginx an include setting $lantern_blocked (or $lantern_limited) from geo and map blocks; haproxy a map file for `src,map_ip`; kong the ip-restriction plugin's config and the consumers to refuse; json every entry, or with `since` the entries added and removed after that cursor. The X-Lantern-Cursor header carries the cursor in every format. API keys are listed in JSON only: Lantern knows them by a keyed hash no gateway can compute.",
    scopes: ["blocklist", "read"],
    query: ZFeedQuery,
    answer: { status: 200, description: "The list (JSON shown; text formats as described)", schema: ZBlocklistJson },
  },
  listAlerts: {
    method: "GET",
    path: "/alerts",
    summary: "The alert queue, for a SIEM to pull",
    description:
      "Requires the `read` scope. Poll with updatedSince for what is new; the dashboard's filters apply. Open alerts (new or investigating) by default.",
    scopes: ["read"],
    query: ZAlertQuery,
    answer: { status: 200, description: "A page of alerts, latest activity first", schema: ZAlertPageJson },
  },
  alertFeed: {
    method: "GET",
    path: "/alerts/feed",
    summary: "Every alert raised or changed since a cursor, oldest change first, for a SIEM to poll",
    description:
      "Requires the `read` scope. Start without a cursor, then pass the cursor of the last page: each alert comes again whenever it changes (merged, reassigned, resolved), and no change is skipped, even one a long detection commits late. format=ocsf answers OCSF 1.3 Detection Findings (class 2004). The cursor is also in the X-Lantern-Cursor header.",
    scopes: ["read"],
    query: ZAlertFeedQuery,
    answer: { status: 200, description: "A page of changed alerts and the cursor after it", schema: ZAlertFeedJson },
  },
  getAlert: {
    method: "GET",
    path: "/alerts/{id}",
    summary: "One alert with its explanation, measures, the requests behind it and its history",
    scopes: ["read"],
    params: ZId("alert"),
    answer: { status: 200, description: "The alert", schema: ZAlertJson },
    errors: { 404: "No such alert in this workspace" },
  },
  me: {
    method: "GET",
    path: "/me",
    summary: "The workspace and scopes of the presented token",
    scopes: ["read"],
    answer: { status: 200, description: "Who is calling", schema: ZMeJson },
  },
} as const satisfies Record<string, RestRoute>;

export type RestRouteName = keyof typeof REST_ROUTES;
