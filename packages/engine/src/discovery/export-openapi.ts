// The discovered inventory of one service as an OpenAPI 3.1 document: what
// traffic shows, for teams to start their spec from (or diff against theirs).
// Observed facts go in x-lantern-* extensions.
import type { ValueType } from "./endpoint-stats";
import type { SegmentKind } from "./segments";
import type { VariableInfo } from "./templater";

export type ExportEndpoint = {
  method: string;
  template: string;
  calls: number;
  firstSeen: Date;
  lastSeen: Date;
  unauthenticated: boolean;
  authenticatedShare: number;
  status: Record<string, number>;
  variables: VariableInfo[];
  params: { name: string; type: ValueType; calls: number }[];
};

type Schema = { type: string; format?: string };

const PATH_SCHEMA: Partial<Record<SegmentKind, Schema>> = {
  number: { type: "integer" },
  uuid: { type: "string", format: "uuid" },
  date: { type: "string", format: "date" },
  email: { type: "string", format: "email" },
};

const QUERY_SCHEMA: Record<ValueType, Schema> = {
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  uuid: { type: "string", format: "uuid" },
  email: { type: "string", format: "email" },
  date: { type: "string", format: "date" },
  secret: { type: "string", format: "password" },
  string: { type: "string" },
};

const STATUS_TEXT: Record<string, string> = {
  "2xx": "Success",
  "3xx": "Redirect",
  "4xx": "Client error",
  "5xx": "Server error",
};

export function exportOpenApi(
  service: { host: string },
  endpoints: ExportEndpoint[],
  generatedAt = new Date(),
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of [...endpoints].sort((a, b) =>
    a.template < b.template ? -1 : a.template > b.template ? 1 : a.method.localeCompare(b.method),
  )) {
    const item = (paths[e.template] ??= {});
    const pathParams = [...e.template.matchAll(/\{(\w+)\}/g)].map((m) => {
      const info = e.variables.find((v) => v.name === m[1]);
      return {
        name: m[1]!,
        in: "path",
        required: true,
        schema: (info && PATH_SCHEMA[info.kind]) ?? { type: "string" },
        ...(info ? { description: `Variable: ${info.why}` } : {}),
      };
    });
    const queryParams = e.params.map((p) => ({
      name: p.name,
      in: "query",
      required: p.calls === e.calls,
      schema: QUERY_SCHEMA[p.type],
      "x-lantern-calls": p.calls,
    }));
    const responses: Record<string, unknown> = {};
    for (const [cls, n] of Object.entries(e.status))
      if (n > 0 && STATUS_TEXT[cls])
        responses[cls.toUpperCase()] = { description: `${STATUS_TEXT[cls]} (${n.toLocaleString("en")} calls seen)` };
    if (Object.keys(responses).length === 0) responses.default = { description: "No answer status recorded" };
    item[e.method.toLowerCase()] = {
      summary: `${e.method} ${e.template}`,
      ...(pathParams.length || queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
      responses,
      ...(e.unauthenticated ? { security: [] } : {}),
      "x-lantern-calls": e.calls,
      "x-lantern-first-seen": e.firstSeen.toISOString(),
      "x-lantern-last-seen": e.lastSeen.toISOString(),
      "x-lantern-authenticated-share": Math.round(e.authenticatedShare * 1000) / 1000,
      "x-lantern-unauthenticated": e.unauthenticated,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: `${service.host} (discovered by Lantern)`,
      version: generatedAt.toISOString().slice(0, 10),
      description: "Endpoints, parameters and answers observed in traffic. Observed figures are in x-lantern-* fields.",
    },
    servers: /^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?$/i.test(service.host) ? [{ url: `https://${service.host}` }] : [],
    paths,
  };
}
