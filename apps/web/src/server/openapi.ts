// The OpenAPI 3.1 document for /api/v1. Each route adds its path here.
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

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

export function openApiDocument(appUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Lantern API",
      version: "1.0.0",
      description: "Public REST API of a Lantern workspace. Authenticate with an API token (Settings → API tokens) as a bearer token.",
    },
    servers: [{ url: `${appUrl.replace(/\/$/, "")}/api/v1` }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A workspace API token (lt_…). Scopes: ingest, read." } },
      schemas: {
        Error: ErrorSchema,
        Me: {
          type: "object",
          required: ["workspace", "token"],
          properties: {
            workspace: {
              type: "object",
              required: ["id", "slug", "name"],
              properties: { id: { type: "string", example: "ws_3k9d…" }, slug: { type: "string", example: "acme" }, name: { type: "string" } },
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
      "/me": {
        get: {
          operationId: "getMe",
          summary: "The workspace and scopes of the presented token",
          description: "Requires the `read` scope.",
          responses: {
            "200": { description: "The token's workspace and scopes", content: { "application/json": { schema: { $ref: "#/components/schemas/Me" } } } },
            "401": errorResponse("Missing, invalid or revoked token"),
            "403": errorResponse("The token lacks the read scope"),
          },
        },
      },
    },
  };
}
