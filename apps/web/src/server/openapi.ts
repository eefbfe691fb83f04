// The OpenAPI 3.1 document for /api/v1. Each route adds its path here.
import { SENSITIVE_TYPES } from "@lantern/engine/normalize/sensitive-types";
const ErrorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", example: "UNAUTHORIZED" }, message: { type: "string" } },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(appUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Lantern API",
      version: "1.0.0",
      description:
        "Public REST API of a Lantern workspace. Authenticate with an API token (Settings → API tokens) as a bearer token.",
    },
    servers: [{ url: `${appUrl.replace(/\/$/, "")}/api/v1` }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A workspace API token (lt_…). Scopes: ingest, read.",
        },
      },
      schemas: {
        Error: ErrorSchema,
        Upload: {
          type: "object",
          properties: {
            id: { type: "string" },
            status: { type: "string", enum: ["RECEIVED", "PROCESSING", "COMPLETED", "FAILED", "DUPLICATE"] },
            source: { type: "string" },
            format: { type: ["object", "null"], description: 'The format used, e.g. {"id": "combined"}' },
            detectedConfidence: { type: ["number", "null"] },
            sizeBytes: { type: "integer" },
            progress: { type: "number", minimum: 0, maximum: 1 },
            lines: {
              type: "object",
              properties: {
                read: { type: "integer" },
                accepted: { type: "integer" },
                rejected: { type: "integer" },
                rejectReasons: { type: "object", additionalProperties: { type: "integer" } },
                rejectSamples: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: { reason: { type: "string" }, line: { type: "integer" }, sample: { type: "string" } },
                  },
                },
              },
            },
            timeRange: {
              type: "object",
              properties: {
                from: { type: ["string", "null"], format: "date-time" },
                to: { type: ["string", "null"], format: "date-time" },
              },
            },
            readiness: {
              type: ["object", "null"],
              description: "Log readiness report: score 0-100 and checks with fixes",
            },
            error: { type: ["string", "null"] },
            notice: {
              type: ["string", "null"],
              description:
                "Something to know about a completed upload: a read limit that cut it short, dates older than the workspace's retention",
            },
            duplicateOf: { type: ["string", "null"] },
            createdAt: { type: "string", format: "date-time" },
            completedAt: { type: ["string", "null"], format: "date-time" },
            inventory: {
              type: "object",
              description: "Discovery, which adds a completed upload's events to the API inventory, in parts",
              properties: {
                progress: { type: "number", minimum: 0, maximum: 1 },
                addedAt: { type: ["string", "null"], format: "date-time" },
              },
            },
            stages: {
              type: "array",
              description:
                "Every stage of the pipeline in order (ingest, discovery, detection): alerts are ready when detection is done or skipped",
              items: {
                type: "object",
                required: ["name", "state", "progress", "finishedAt"],
                properties: {
                  name: { type: "string", enum: ["ingest", "discovery", "detection"] },
                  state: { type: "string", enum: ["waiting", "running", "done", "failed", "skipped"] },
                  progress: { type: "number", minimum: 0, maximum: 1 },
                  finishedAt: { type: ["string", "null"], format: "date-time" },
                },
              },
            },
          },
        },
        Me: {
          type: "object",
          required: ["workspace", "token"],
          properties: {
            workspace: {
              type: "object",
              required: ["id", "slug", "name"],
              properties: {
                id: { type: "string", example: "ws_3k9d…" },
                slug: { type: "string", example: "acme" },
                name: { type: "string" },
              },
            },
            token: {
              type: "object",
              required: ["id", "name", "scopes"],
              properties: {
                id: { type: "string", example: "tok_…" },
                name: { type: "string" },
                scopes: { type: "array", items: { type: "string", enum: ["ingest", "read"] } },
              },
            },
          },
        },
      },
    },
    paths: {
      "/ingest": {
        post: {
          operationId: "ingestLogs",
          summary: "Send access-log lines for ingestion",
          description:
            "Requires the `ingest` scope. The body is raw log lines or NDJSON, optionally gzip-compressed (`Content-Encoding: gzip`). " +
            "The format is detected unless given. The lines are stored and parsed in the background; poll the returned upload.",
          parameters: [
            {
              name: "source",
              in: "query",
              schema: { type: "string", default: "api" },
              description: "Name of the data source, e.g. nginx-edge.",
            },
            {
              name: "format",
              in: "query",
              schema: {
                type: "string",
                enum: [
                  "combined",
                  "common",
                  "nginx",
                  "apache",
                  "json",
                  "envoy",
                  "envoy-legacy",
                  "aws-alb",
                  "aws-cloudfront",
                  "aws-api-gateway",
                  "kong",
                  "har",
                ],
              },
              description: "Skip detection. nginx and apache need log_format; json needs mapping.",
            },
            {
              name: "mapping",
              in: "query",
              schema: { type: "string" },
              description:
                'With format=json: a JSON object mapping event fields to dot paths, e.g. {"time":"ts","path":"request.uri","status":"code"}.',
            },
            {
              name: "log_format",
              in: "query",
              schema: { type: "string" },
              description: "An nginx log_format or Apache LogFormat line, with format=nginx or format=apache.",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "text/plain": { schema: { type: "string" } },
              "application/x-ndjson": { schema: { type: "string" } },
            },
          },
          responses: {
            "202": {
              description:
                "Accepted; processing in the background (status DUPLICATE when the same content was ingested before)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      uploadId: { type: "string" },
                      status: { type: "string" },
                      duplicateOf: { type: ["string", "null"] },
                      statusUrl: { type: "string" },
                    },
                  },
                },
              },
            },
            "400": errorResponse("Bad parameters (unknown format, unusable log_format)"),
            "401": errorResponse("Missing, invalid or revoked token"),
            "403": errorResponse("The token lacks the ingest scope"),
            "413": errorResponse("The body is over the size limit"),
            "415": errorResponse("Unsupported Content-Encoding"),
            "429": errorResponse("Too many uploads waiting in this workspace; see Retry-After"),
          },
        },
      },
      "/uploads/{id}": {
        get: {
          operationId: "getUpload",
          summary: "Status and results of an upload",
          description: "Requires the `ingest` or `read` scope.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "upl_…" } }],
          responses: {
            "200": {
              description: "The upload",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Upload" } } },
            },
            "404": errorResponse("No such upload in this token's workspace"),
          },
        },
      },
      "/services": {
        get: {
          operationId: "listServices",
          summary: "Services (hosts) seen in traffic, with endpoint counts",
          description: "Requires the `read` scope.",
          responses: {
            "200": { description: "{ services: [...] }" },
            "401": errorResponse("Missing, invalid or revoked token"),
          },
        },
      },
      "/services/{id}/openapi": {
        get: {
          operationId: "exportServiceOpenApi",
          summary: "The service's discovered endpoints as an OpenAPI 3.1 document",
          description: "Requires the `read` scope. Observed figures are in x-lantern-* fields.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "svc_…" } }],
          responses: {
            "200": { description: "An OpenAPI 3.1 document" },
            "404": errorResponse("No such service in this token's workspace"),
          },
        },
      },
      "/endpoints": {
        get: {
          operationId: "listEndpoints",
          summary: "The API inventory: endpoints templated from traffic",
          description: "Requires the `read` scope. Same filters as the dashboard's inventory.",
          parameters: [
            { name: "search", in: "query", schema: { type: "string" }, description: "Path, host or method" },
            { name: "service", in: "query", schema: { type: "string" }, description: "A service's host" },
            {
              name: "unauthenticated",
              in: "query",
              schema: { type: "boolean" },
              description: "Seen serving 2xx without credentials",
            },
            { name: "direction", in: "query", schema: { type: "string", enum: ["north-south", "east-west"] } },
            {
              name: "spec",
              in: "query",
              schema: { type: "string", enum: ["documented", "shadow", "zombie", "unspecified"] },
            },
            {
              name: "sensitive",
              in: "query",
              schema: { type: "string", enum: [...SENSITIVE_TYPES, "any"] },
              description: "Seen carrying this type of sensitive data (or any)",
            },
            {
              name: "sort",
              in: "query",
              schema: {
                type: "string",
                enum: ["calls", "lastSeen", "firstSeen", "template", "p95LatencyMs", "distinctActors"],
              },
            },
            { name: "order", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 10, maximum: 200 } },
          ],
          responses: {
            "200": { description: "{ total, page, pageSize, rows: [...] }" },
            "400": errorResponse("A filter has a value it does not take"),
          },
        },
      },
      "/endpoints/{id}": {
        get: {
          operationId: "getEndpoint",
          summary: "One endpoint: stats, parameters, why its path parameters are variable, spec status, changes",
          description: "Requires the `read` scope.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "ep_…" } }],
          responses: {
            "200": { description: "The endpoint" },
            "404": errorResponse("No such endpoint in this token's workspace"),
          },
        },
      },
      "/changes": {
        get: {
          operationId: "listChanges",
          summary: "API changes: new services, endpoints, parameters, endpoints newly answering without credentials",
          description: "Requires the `read` scope.",
          responses: { "200": { description: "{ changes: [...] }, newest first" } },
        },
      },
      "/alerts": {
        get: {
          operationId: "listAlerts",
          summary: "Alerts: abuse detected in traffic, with verdict, severity and explanation (for a SIEM to pull)",
          description:
            "Requires the `read` scope. Poll with `updatedSince` set to the newest `updatedAt` seen to get what was raised or changed since.",
          parameters: [
            {
              name: "status",
              in: "query",
              schema: { type: "string", enum: ["open", "all", "NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"] },
              description: "Default: open (new or investigating)",
            },
            {
              name: "verdict",
              in: "query",
              schema: { type: "string", enum: ["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"] },
            },
            { name: "severity", in: "query", schema: { type: "string", enum: ["LOW", "MEDIUM", "HIGH", "CRITICAL"] } },
            { name: "detector", in: "query", schema: { type: "string" } },
            { name: "assignee", in: "query", schema: { type: "string" }, description: "A member's user id, or none" },
            { name: "actor", in: "query", schema: { type: "string" }, description: "An actor id" },
            { name: "endpoint", in: "query", schema: { type: "string" }, description: "An endpoint id" },
            { name: "updatedSince", in: "query", schema: { type: "string", format: "date-time" } },
            {
              name: "from",
              in: "query",
              schema: { type: "string", format: "date-time" },
              description: "With to: alerts whose activity overlaps this time range",
            },
            { name: "to", in: "query", schema: { type: "string", format: "date-time" } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 10, maximum: 200 } },
          ],
          responses: {
            "200": {
              description:
                "{ total, page, pageSize, detectors, about: { actor, endpoint }, rows: [...] }, last seen first",
            },
            "400": errorResponse("A filter has a value it does not take"),
          },
        },
      },
      "/alerts/{id}": {
        get: {
          operationId: "getAlert",
          summary: "One alert: explanation, measures against their norm, the requests behind it, its history",
          description: "Requires the `read` scope.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "alr_…" } }],
          responses: {
            "200": { description: "The alert" },
            "404": errorResponse("No such alert in this token's workspace"),
          },
        },
      },
      "/me": {
        get: {
          operationId: "getMe",
          summary: "The workspace and scopes of the presented token",
          description: "Requires the `read` scope.",
          responses: {
            "200": {
              description: "The token's workspace and scopes",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Me" } } },
            },
            "401": errorResponse("Missing, invalid or revoked token"),
            "403": errorResponse("The token lacks the read scope"),
          },
        },
      },
    },
  };
}
