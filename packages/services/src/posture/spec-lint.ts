// Spec hygiene: an uploaded OpenAPI or Swagger document linted with the
// OWASP API Security ruleset Spectral maintains (@stoplight/spectral-owasp-
// ruleset), not with rules of our own. Each issue names its OWASP category
// (from the rule's name) and, when it sits under an operation, that
// operation, so posture can attach it to the endpoint that serves it.
import { Document, type RulesetDefinition, Spectral } from "@stoplight/spectral-core";
import * as parsers from "@stoplight/spectral-parsers";
import owasp from "@stoplight/spectral-owasp-ruleset";
import type { SpecOperation } from "@lantern/engine/spec/openapi";
import type { SpecIssue } from "@lantern/engine/posture/types";

/** The lint of one document as stored on its spec row: each rule once, then where it is broken. */
export type SpecLint = {
  rules: Record<string, Omit<SpecIssue, "rule" | "path" | "operation">>;
  issues: { rule: string; path: string; operation: string | null }[];
};

/** Issues kept per document (about 80 bytes each): only operations in the inventory become findings. */
const MAX_ISSUES = 20_000;
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
// Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
const SEVERITY = ["medium", "low", "low", "low"] as const;
// The package is CommonJS: under Node's ESM loader its exports arrive as `default`.
const { Yaml } = (parsers as unknown as { default?: typeof parsers }).default ?? parsers;

let linter: Spectral | null = null;
function spectral(): Spectral {
  if (!linter) {
    linter = new Spectral();
    linter.setRuleset(owasp as RulesetDefinition);
  }
  return linter;
}

export async function lintSpec(text: string, operations: SpecOperation[]): Promise<SpecLint> {
  const results = await spectral().run(new Document(text, Yaml, "spec"));
  const descriptions = (owasp as { rules: Record<string, { description?: string }> }).rules;
  const lint: SpecLint = { rules: {}, issues: [] };
  const seen = new Set<string>();
  for (const r of results) {
    const rule = String(r.code);
    const category = /^owasp:api(\d+):2023/.exec(rule)?.[1];
    if (!category) continue;
    const operation = operationOf(r.path.map(String), operations);
    // One issue per rule and operation (or per rule for the document): the first place it is broken.
    const key = `${rule} ${operation ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lint.rules[rule] ??= {
      owasp: `API${category}` as SpecIssue["owasp"],
      severity: SEVERITY[r.severity] ?? "low",
      message: r.message,
      fix: descriptions[rule]?.description ?? r.message,
    };
    lint.issues.push({ rule, path: r.path.map(String).join("."), operation });
    if (lint.issues.length >= MAX_ISSUES) break;
  }
  return lint;
}

/** Each issue with its rule's words. Specs stored before linting existed hold []. */
export function specIssues(lint: SpecLint | unknown[]): SpecIssue[] {
  if (Array.isArray(lint)) return [];
  return lint.issues.flatMap((i) => (lint.rules[i.rule] ? [{ ...lint.rules[i.rule]!, ...i }] : []));
}

/** "GET /full/path" when the result's path lies under an operation (["paths", "/users/{id}", "get", …]). */
function operationOf(path: string[], operations: SpecOperation[]): string | null {
  if (path[0] !== "paths" || !path[1]) return null;
  const raw = path[1];
  const method = path[2]?.toLowerCase();
  const ops = operations.filter(
    (op) =>
      op.path.endsWith(raw === "/" ? "" : raw) &&
      (!method || !METHODS.has(method) || op.method.toLowerCase() === method),
  );
  // A path-level issue (its shared parameters) belongs to its first operation.
  const op = ops.sort((a, b) => a.path.length - b.path.length)[0];
  return op ? `${op.method.toUpperCase()} ${op.path}` : null;
}
