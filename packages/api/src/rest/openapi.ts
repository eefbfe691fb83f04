// The OpenAPI 3.1 document of /api/v1, generated from the REST contract: one
// description of each route, so the document cannot drift from what the
// routes validate and answer.
import { type RestRoute, REST_ROUTES } from "./contract";
import { jsonSchemaOf } from "./json-schema";
import { ZErrorJson } from "./schemas";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const COMMON_ERRORS = {
  "400": errorResponse("A parameter is not valid (the message says which)"),
  "401": errorResponse("No token, or one that is not valid or was revoked"),
  "403": errorResponse("The token lacks the scope"),
};

function parameters(route: RestRoute) {
  const inPath = Object.entries(route.params ? (jsonSchemaOf(route.params, "input").properties ?? {}) : {}).map(
    ([name, schema]) => ({ name, in: "path", required: true, schema, description: schema.description }),
  );
  const query = route.query ? jsonSchemaOf(route.query, "input") : { properties: {}, required: [] };
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: (query.required ?? []).includes(name) && schema.default === undefined,
    schema,
    description: schema.description,
  }));
  return [...inPath, ...inQuery];
}

function operation(name: string, route: RestRoute) {
  const errors = Object.fromEntries(
    Object.entries(route.errors ?? {}).map(([status, description]) => [status, errorResponse(description)]),
  );
  return {
    operationId: name,
    summary: route.summary,
    description: route.description ?? `Requires the ${route.scopes.map((s) => `\`${s}\``).join(" or ")} scope.`,
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            description: route.body.description,
            content: { [route.body.contentType]: { schema: { type: "string" } } },
          },
        }
      : {}),
    responses: {
      [route.answer.status]: {
        description: route.answer.description,
        content: { "application/json": { schema: jsonSchemaOf(route.answer.schema, "output") } },
      },
      ...COMMON_ERRORS,
      ...errors,
    },
  };
}

export function openApiDocument(appUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(REST_ROUTES) as [string, RestRoute][]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(name, route) };
  }
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
      schemas: { Error: jsonSchemaOf(ZErrorJson, "output") },
    },
    paths,
  };
}
