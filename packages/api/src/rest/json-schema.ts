// zod → JSON Schema for the REST API's document and its query strings.
// Dates (coerced from text) are ISO 8601 strings on the wire.
import { z } from "zod";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date")
        Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** The JSON types a query parameter's schema accepts ("integer", "boolean", …), for reading its text. */
export function queryParamTypes(schema: z.ZodType): Map<string, string[]> {
  const properties = jsonSchemaOf(schema, "input").properties ?? {};
  return new Map(
    Object.entries(properties).map(([name, p]) => {
      const type = p.type ?? (p.anyOf as JsonSchema[] | undefined)?.map((a) => a.type);
      return [name, [type ?? []].flat().filter((t): t is string => typeof t === "string")];
    }),
  );
}
