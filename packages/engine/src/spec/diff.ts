// Compares a service's inventory with its spec: each endpoint seen is
// documented, shadow (seen, not documented) or zombie (documented as
// deprecated, or an older version than the one documented, yet still
// called); each documented operation never seen is unused. A spec's {param}
// matches any segment, literal or variable, so /users/me is /users/{username}.
import { splitPath } from "../discovery/templater";
import type { SpecOperation } from "./openapi";

export type SeenEndpoint = { method: string; template: string; queryParams: string[] };
export type SpecStatus = "documented" | "shadow" | "zombie";
export type EndpointVerdict = {
  method: string;
  template: string;
  status: SpecStatus;
  /** The spec's own template for it, when documented. */
  specPath?: string;
  reason?: string;
  undocumentedParams: string[];
};
export type SpecDiff = { endpoints: EndpointVerdict[]; unused: SpecOperation[]; coverage: number };

const isVar = (segment: string) => /^\{[^}]+\}$/.test(segment);
const VERSION = /^v(\d{1,2})$/i;

/** Specificity of a spec path matching a template (literal segments count), or -1 if it does not match. */
function match(specPath: string, template: string): number {
  const spec = splitPath(specPath);
  const seen = splitPath(template);
  if (spec.length !== seen.length) return -1;
  let literal = 0;
  for (let i = 0; i < spec.length; i++) {
    if (isVar(spec[i]!)) continue;
    if (isVar(seen[i]!) || spec[i] !== seen[i]) return -1;
    literal++;
  }
  return literal;
}

function bestOperation(operations: SpecOperation[], method: string, template: string): SpecOperation | undefined {
  let best: SpecOperation | undefined;
  let bestScore = -1;
  for (const op of operations) {
    if (op.method !== method) continue;
    const score = match(op.path, template);
    if (score > bestScore) {
      best = op;
      bestScore = score;
    }
  }
  return best;
}

/** The documented operation of a newer version of the same path (/v1/x seen, /v2/x documented). */
function newerVersion(operations: SpecOperation[], method: string, template: string): SpecOperation | undefined {
  const segments = splitPath(template);
  const at = segments.findIndex((s) => VERSION.test(s));
  if (at === -1) return undefined;
  const current = Number(VERSION.exec(segments[at]!)![1]);
  for (let v = current + 1; v <= current + 5; v++) {
    const candidate = `/${[...segments.slice(0, at), `v${v}`, ...segments.slice(at + 1)].join("/")}`;
    const op = bestOperation(operations, method, candidate);
    if (op) return op;
  }
  return undefined;
}

export function diffSpec(operations: SpecOperation[], seen: SeenEndpoint[]): SpecDiff {
  const used = new Set<SpecOperation>();
  const endpoints: EndpointVerdict[] = seen.map((e) => {
    const op = bestOperation(operations, e.method, e.template);
    if (op) {
      used.add(op);
      const declared = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
      const undocumentedParams = e.queryParams.filter((p) => !declared.has(p));
      return op.deprecated
        ? {
            method: e.method,
            template: e.template,
            status: "zombie",
            specPath: op.path,
            reason: "deprecated in the spec, still called",
            undocumentedParams,
          }
        : { method: e.method, template: e.template, status: "documented", specPath: op.path, undocumentedParams };
    }
    const newer = newerVersion(operations, e.method, e.template);
    if (newer) {
      return {
        method: e.method,
        template: e.template,
        status: "zombie",
        reason: `an older version still called; the spec documents ${newer.path}`,
        undocumentedParams: e.queryParams,
      };
    }
    return { method: e.method, template: e.template, status: "shadow", undocumentedParams: e.queryParams };
  });
  const documented = endpoints.filter((e) => e.status !== "shadow").length;
  return {
    endpoints,
    unused: operations.filter((op) => !used.has(op)),
    coverage: seen.length === 0 ? 0 : documented / seen.length,
  };
}
