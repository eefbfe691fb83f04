// Reads an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML) into the list
// of operations the inventory is compared with: method, full path template
// (server or basePath prefix included), deprecation, declared parameters.
// Local $refs (#/…) are followed for path items and parameters; remote ones
// are reported, not fetched (no network from a parser).
import { parse as parseYaml } from "yaml";

export type SpecParameter = {
  name: string;
  in: "query" | "path" | "header" | "cookie" | "body" | "formData";
  required: boolean;
};
export type SpecOperation = {
  method: string;
  path: string;
  deprecated: boolean;
  parameters: SpecParameter[];
  operationId?: string;
  summary?: string;
};
export type ParsedSpec = {
  dialect: "openapi-3" | "swagger-2";
  title: string;
  version: string;
  /** Hosts the spec names (Swagger host, OpenAPI server URLs); empty when it names none. */
  hosts: string[];
  operations: SpecOperation[];
  warnings: string[];
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const MAX_SPEC_BYTES = 20 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseSpec(text: string): ParsedSpec | { error: string } {
  if (text.length > MAX_SPEC_BYTES) return { error: "This document is larger than 20 MB." };
  let doc: unknown;
  try {
    doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    return { error: `This is neither valid JSON nor valid YAML (${(error as Error).message.split("\n")[0]}).` };
  }
  if (!isObj(doc))
    return { error: "This is not an OpenAPI 3.x or Swagger 2.0 document (it is not a JSON or YAML object)." };
  const dialect =
    typeof doc.openapi === "string" && /^3\./.test(doc.openapi)
      ? "openapi-3"
      : doc.swagger === "2.0"
        ? "swagger-2"
        : null;
  if (!dialect)
    return { error: 'This is not an OpenAPI 3.x or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0" field).' };
  if (!isObj(doc.paths)) return { error: "This document has no paths." };
  const warnings: string[] = [];
  const resolve = (value: unknown, depth = 0): unknown => {
    if (!isObj(value) || typeof value.$ref !== "string") return value;
    const ref = value.$ref;
    if (!ref.startsWith("#/")) {
      if (!warnings.some((w) => w.includes(ref))) warnings.push(`Remote reference ${ref} was not followed.`);
      return undefined;
    }
    if (depth > 20) return undefined;
    let target: unknown = doc;
    for (const part of ref.slice(2).split("/")) {
      const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObj(target) ? target[key] : undefined;
    }
    if (target === undefined) warnings.push(`Reference ${ref} points nowhere.`);
    return resolve(target, depth + 1);
  };

  const info = isObj(doc.info) ? doc.info : {};
  const { hosts, prefix } = dialect === "swagger-2" ? swaggerBase(doc) : openApiBase(doc);
  const operations: SpecOperation[] = [];
  for (const [rawPath, rawItem] of Object.entries(doc.paths)) {
    const item = resolve(rawItem);
    if (!isObj(item)) continue;
    const shared = parameters(item.parameters, resolve);
    for (const method of METHODS) {
      const op = resolve(item[method]);
      if (!isObj(op)) continue;
      const own = parameters(op.parameters, resolve);
      // An operation's parameter overrides the path item's one of the same name and place.
      const merged = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      operations.push({
        method: method.toUpperCase(),
        path: joinPath(prefix, rawPath),
        deprecated: op.deprecated === true,
        parameters: merged,
        operationId: typeof op.operationId === "string" ? op.operationId : undefined,
        summary: typeof op.summary === "string" ? op.summary.slice(0, 200) : undefined,
      });
    }
  }
  return {
    dialect,
    title: String(info.title ?? "Untitled API"),
    version: String(info.version ?? ""),
    hosts,
    operations,
    warnings,
  };
}

function parameters(list: unknown, resolve: (v: unknown) => unknown): SpecParameter[] {
  if (!Array.isArray(list)) return [];
  const out: SpecParameter[] = [];
  for (const raw of list) {
    const p = resolve(raw);
    if (!isObj(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
    out.push({ name: p.name, in: p.in as SpecParameter["in"], required: p.required === true || p.in === "path" });
  }
  return out;
}

function swaggerBase(doc: Obj) {
  const host = typeof doc.host === "string" ? doc.host.toLowerCase() : null;
  return { hosts: host ? [host] : [], prefix: typeof doc.basePath === "string" ? doc.basePath : "" };
}

/** OpenAPI 3 servers: hosts from their URLs, the path prefix of the first (variables take their defaults). */
function openApiBase(doc: Obj) {
  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObj) : [];
  const hosts: string[] = [];
  let prefix: string | null = null;
  for (const server of servers) {
    if (typeof server.url !== "string") continue;
    let url = server.url;
    if (isObj(server.variables)) {
      for (const [name, v] of Object.entries(server.variables))
        if (isObj(v) && v.default !== undefined) url = url.replaceAll(`{${name}}`, String(v.default));
    }
    const m = /^(?:[a-z]+:)?\/\/([^/]+)(\/.*)?$/i.exec(url);
    if (m) {
      if (!hosts.includes(m[1]!.toLowerCase())) hosts.push(m[1]!.toLowerCase());
      prefix ??= m[2] ?? "";
    } else {
      prefix ??= url.startsWith("/") ? url : "";
    }
  }
  return { hosts, prefix: prefix ?? "" };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return joined === "/" ? "/" : joined.replace(/\/+$/, "") || "/";
}
