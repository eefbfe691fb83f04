import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedData } from "../testing/shared-data";
import { diffSpec } from "./diff";
import { parseSpec, type ParsedSpec } from "./openapi";

const rawOperations = (name: string) =>
  Object.values(
    JSON.parse(readFileSync(sharedData(`openapi/${name}`), "utf8")).paths as Record<string, Record<string, unknown>>,
  ).reduce(
    (n, item) =>
      n +
      Object.keys(item).filter((k) => ["get", "put", "post", "delete", "options", "head", "patch", "trace"].includes(k))
        .length,
    0,
  );

const real = (name: string) => {
  const spec = parseSpec(readFileSync(sharedData(`openapi/${name}`), "utf8"));
  if ("error" in spec) throw new Error(spec.error);
  return spec;
};

// An OpenAPI 3.1 document in YAML, written after the specification's examples:
// a server with a variable, a shared path parameter by $ref, a deprecated operation.
const PETSTORE = `
openapi: 3.1.0
info: { title: Petstore, version: "2.0.0" }
servers:
  - url: https://{region}.petstore.example/v2
    variables: { region: { default: eu } }
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: "#/components/parameters/limit"
    post: { operationId: createPet }
  /pets/{petId}:
    parameters:
      - { name: petId, in: path, required: true, schema: { type: string } }
    get: { operationId: showPet }
    delete: { operationId: deletePet, deprecated: true }
  /pets/{petId}/photos:
    $ref: "#/components/pathItems/photos"
components:
  parameters:
    limit: { name: limit, in: query, schema: { type: integer } }
  pathItems:
    photos:
      get: { operationId: listPhotos }
`;

describe("OpenAPI and Swagger documents", () => {
  it("reads the real Swagger 2.0 specs: every operation, with basePath and host", () => {
    const github = real("github-v3.json");
    expect(github).toMatchObject({ dialect: "swagger-2", hosts: ["api.github.com"], warnings: [] });
    expect(new Set(github.operations.map((o) => o.path)).size).toBe(157);
    expect(github.operations).toHaveLength(rawOperations("github-v3.json"));
    expect(
      github.operations
        .find((o) => o.method === "GET" && o.path === "/repos/{owner}/{repo}/issues")
        ?.parameters.map((p) => p.name),
    ).toEqual(expect.arrayContaining(["owner", "repo", "filter", "state", "labels", "sort", "direction", "since"]));
    const bitbucket = real("bitbucket-2.0.json");
    expect(bitbucket.hosts).toEqual(["api.bitbucket.org"]);
    // 112 paths, two of which differ only by a trailing slash: one template here.
    expect(new Set(bitbucket.operations.map((o) => o.path)).size).toBe(111);
    expect(bitbucket.operations).toHaveLength(rawOperations("bitbucket-2.0.json"));
    expect(bitbucket.operations.every((o) => o.path.startsWith("/2.0/"))).toBe(true);
    expect(real("bikewise-v2.json").operations.map((o) => `${o.method} ${o.path}`)).toContain("GET /api/v2/incidents");
  });

  it("reads OpenAPI 3 YAML: server variables, $ref parameters and path items, deprecation", () => {
    const spec = parseSpec(PETSTORE) as ParsedSpec;
    expect(spec).toMatchObject({
      dialect: "openapi-3",
      title: "Petstore",
      hosts: ["eu.petstore.example"],
      warnings: [],
    });
    expect(spec.operations.map((o) => `${o.method} ${o.path}${o.deprecated ? " (deprecated)" : ""}`)).toEqual([
      "GET /v2/pets",
      "POST /v2/pets",
      "GET /v2/pets/{petId}",
      "DELETE /v2/pets/{petId} (deprecated)",
      "GET /v2/pets/{petId}/photos",
    ]);
    expect(spec.operations[0]!.parameters).toEqual([{ name: "limit", in: "query", required: false }]);
    expect(spec.operations[2]!.parameters).toEqual([{ name: "petId", in: "path", required: true }]);
  });

  it("says clearly what is wrong with a document it cannot use", () => {
    expect(parseSpec("{ not json")).toMatchObject({
      error: expect.stringContaining("neither valid JSON nor valid YAML"),
    });
    expect(parseSpec('{"openapi": "2.5", "paths": {}}')).toMatchObject({
      error: expect.stringContaining("not an OpenAPI 3.x or Swagger 2.0"),
    });
    expect(parseSpec("swagger: '2.0'\ninfo: {title: x}")).toMatchObject({ error: "This document has no paths." });
    const remote = parseSpec(
      '{"openapi":"3.0.3","info":{"title":"r"},"paths":{"/a":{"$ref":"https://example.com/a.yaml"}}}',
    ) as ParsedSpec;
    expect(remote.warnings).toEqual(["Remote reference https://example.com/a.yaml was not followed."]);
  });
});

describe("spec diff", () => {
  it("marks documented, shadow and zombie endpoints, unused operations, undocumented parameters and coverage", () => {
    const spec = parseSpec(PETSTORE) as ParsedSpec;
    const diff = diffSpec(spec.operations, [
      { method: "GET", template: "/v2/pets", queryParams: ["limit", "debug"] },
      { method: "GET", template: "/v2/pets/{petId}", queryParams: [] },
      { method: "GET", template: "/v2/pets/featured", queryParams: [] }, // a literal the spec's {petId} covers
      { method: "DELETE", template: "/v2/pets/{petId}", queryParams: [] },
      { method: "GET", template: "/v1/pets", queryParams: [] },
      { method: "GET", template: "/v2/internal/metrics", queryParams: [] },
    ]);
    expect(diff.endpoints.map((e) => [e.method, e.template, e.status])).toEqual([
      ["GET", "/v2/pets", "documented"],
      ["GET", "/v2/pets/{petId}", "documented"],
      ["GET", "/v2/pets/featured", "documented"],
      ["DELETE", "/v2/pets/{petId}", "zombie"],
      ["GET", "/v1/pets", "zombie"],
      ["GET", "/v2/internal/metrics", "shadow"],
    ]);
    expect(diff.endpoints[0]!.undocumentedParams).toEqual(["debug"]);
    expect(diff.endpoints[4]!.reason).toBe("an older version still called; the spec documents /v2/pets");
    expect(diff.unused.map((o) => `${o.method} ${o.path}`)).toEqual(["POST /v2/pets", "GET /v2/pets/{petId}/photos"]);
    expect(diff.coverage).toBeCloseTo(5 / 6);
  });

  it("on GitHub's real spec, concrete and templated paths alike find their operation", () => {
    const diff = diffSpec(real("github-v3.json").operations, [
      { method: "GET", template: "/repos/octocat/hello-world/issues", queryParams: ["state", "per_page"] },
      { method: "GET", template: "/repos/{repoId}/{id}/pulls", queryParams: [] },
      { method: "GET", template: "/user", queryParams: [] },
      { method: "GET", template: "/internal/graphql-debug", queryParams: [] },
    ]);
    expect(diff.endpoints.map((e) => [e.status, e.specPath ?? null])).toEqual([
      ["documented", "/repos/{owner}/{repo}/issues"],
      ["documented", "/repos/{owner}/{repo}/pulls"],
      ["documented", "/user"],
      ["shadow", null],
    ]);
    expect(diff.endpoints[0]!.undocumentedParams).toEqual(["per_page"]);
  });
});

describe("exporting the discovered inventory", () => {
  it("writes OpenAPI 3.1 that Lantern's own reader takes back, with typed parameters", async () => {
    const { exportOpenApi } = await import("../discovery/export-openapi");
    const doc = exportOpenApi({ host: "api.northwind.example" }, [
      {
        method: "GET",
        template: "/v1/accounts/{accountId}/transactions",
        calls: 100,
        firstSeen: new Date("2026-11-01T00:00:00Z"),
        lastSeen: new Date("2026-11-20T00:00:00Z"),
        unauthenticated: false,
        authenticatedShare: 1,
        status: { "2xx": 98, "3xx": 0, "4xx": 2, "5xx": 0, other: 0 },
        variables: [
          { position: 1, name: "accountId", kind: "number", why: "a number", distinct: 40, examples: ["100007"] },
        ],
        params: [
          { name: "limit", type: "integer", calls: 100 },
          { name: "cursor", type: "string", calls: 10 },
        ],
      },
      {
        method: "GET",
        template: "/health",
        calls: 5,
        firstSeen: new Date(),
        lastSeen: new Date(),
        unauthenticated: true,
        authenticatedShare: 0,
        status: { "2xx": 5, "3xx": 0, "4xx": 0, "5xx": 0, other: 0 },
        variables: [],
        params: [],
      },
    ]);
    const back = parseSpec(JSON.stringify(doc)) as ParsedSpec;
    expect(back).toMatchObject({ dialect: "openapi-3", hosts: ["api.northwind.example"], warnings: [] });
    expect(back.operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      "GET /health",
      "GET /v1/accounts/{accountId}/transactions",
    ]);
    const op = (
      doc.paths as Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; required: boolean; schema: { type: string } }[];
            responses: object;
            security?: unknown[];
          }
        >
      >
    )["/v1/accounts/{accountId}/transactions"]!.get!;
    expect(op.parameters.map((p) => [p.name, p.schema.type, p.required])).toEqual([
      ["accountId", "integer", true],
      ["limit", "integer", true],
      ["cursor", "string", false],
    ]);
    expect(Object.keys(op.responses)).toEqual(["2XX", "4XX"]);
    expect((doc.paths as Record<string, Record<string, { security?: unknown[] }>>)["/health"]!.get!.security).toEqual(
      [],
    );
  });
});
