// The REST contract and the route files agree: every route file under
// /api/v1 serves a contract route with the same path and method, every
// contract route has its file, and the generated document describes each.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REST_ROUTES } from "./contract";
import { openApiDocument } from "./openapi";

const API_DIR = fileURLToPath(new URL("../../../../apps/web/src/app/api/v1", import.meta.url));
/** Not routes of the API: the document itself, and the catch-all that answers unknown paths with 404. */
const NOT_ROUTES = new Set(["/openapi.json", "/[...unknown]"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** Each route file's path (as OpenAPI writes it), its exported methods and the contract routes it serves. */
type Operation = {
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  responses: Record<string, { content?: Record<string, { schema: { type?: string } }> }>;
};

const served = routeFiles(API_DIR)
  .map((file) => {
    const dir = `/${relative(API_DIR, file).split(sep).slice(0, -1).join("/")}`;
    const text = readFileSync(file, "utf8");
    return {
      dir,
      path: dir.replace(/\[(\w+)\]/g, "{$1}"),
      methods: [...text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]),
      names: [...text.matchAll(/REST_ROUTES\.(\w+)/g)].map((m) => m[1]),
    };
  })
  .filter((r) => !NOT_ROUTES.has(r.dir));

describe("the REST contract", () => {
  it("has a route file for every route, serving that route at its path and method", () => {
    for (const [name, route] of Object.entries(REST_ROUTES)) {
      const file = served.find((f) => f.names.includes(name));
      expect(file, `no route file serves REST_ROUTES.${name}`).toBeDefined();
      expect({ name, path: file!.path, methods: file!.methods }).toEqual({
        name,
        path: route.path,
        methods: [route.method],
      });
    }
  });

  it("has a route for every route file", () => {
    for (const file of served) {
      expect(file.names, `${file.dir}/route.ts serves no contract route`).toHaveLength(1);
    }
    expect(served).toHaveLength(Object.keys(REST_ROUTES).length);
  });

  it("is described whole by the generated document, with schemas for parameters and answers", () => {
    const doc = openApiDocument("https://lantern.example/");
    expect(doc.servers).toEqual([{ url: "https://lantern.example/api/v1" }]);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op: op as Operation })),
    );
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual(
      Object.values(REST_ROUTES)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    for (const { path, op } of operations) {
      const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"))!;
      expect(success[1].content?.["application/json"]?.schema.type, path).toBe("object");
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["400", "401", "403"]));
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        expect(op.parameters, path).toContainEqual(
          expect.objectContaining({ name: name.slice(1, -1), in: "path", required: true }),
        );
      }
    }
    // The filters the dashboard offers are documented from the services' own schemas.
    const alerts = doc.paths["/alerts"]!.get as Operation;
    expect(alerts.parameters).toContainEqual(
      expect.objectContaining({
        name: "updatedSince",
        schema: expect.objectContaining({ type: "string", format: "date-time" }),
      }),
    );
    expect(alerts.parameters).toContainEqual(
      expect.objectContaining({ name: "pageSize", schema: expect.objectContaining({ maximum: 200 }) }),
    );
    // Every reference points into the document's components (no $defs left behind).
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(refs)).toEqual(new Set(["#/components/schemas/Error"]));
  });
});
