// A query string read against a route's schema: text becomes a number or a
// boolean where the schema asks for one, so the REST API validates with the
// very schema the dashboard's procedures use (and documents).
import type { z } from "zod";
import { queryParamTypes } from "./json-schema";

const typesBySchema = new WeakMap<z.ZodType, Map<string, string[]>>();

function typesOf(schema: z.ZodType) {
  let types = typesBySchema.get(schema);
  if (!types) typesBySchema.set(schema, (types = queryParamTypes(schema)));
  return types;
}

/** Reads `params` into the values `schema` takes, then parses them (a ZodError says what is wrong). */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const types = typesOf(schema);
  const values: Record<string, unknown> = {};
  for (const [name, text] of params) values[name] = typedValue(text, types.get(name) ?? []);
  return schema.parse(values);
}

function typedValue(text: string, types: string[]): unknown {
  if ((types.includes("integer") || types.includes("number")) && text.trim() !== "" && Number.isFinite(Number(text)))
    return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  // Anything else stays text: a wrong value is the schema's to refuse, with its message.
  return text;
}
