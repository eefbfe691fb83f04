import { z } from "zod";
import { MAPPED_FIELDS, type JsonMapping } from "@lantern/engine/formats/json";
import { createParser, type FormatSpec } from "@lantern/engine/formats/registry";

export const ZSourceName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][\w.-]{0,63}$/,
    "Name the source with letters, digits, dots, dashes or underscores (at most 64), like nginx-edge",
  );

const SIMPLE_FORMATS = [
  "combined",
  "common",
  "envoy",
  "envoy-legacy",
  "aws-alb",
  "aws-cloudfront",
  "aws-api-gateway",
  "kong",
  "har",
] as const;

/** A JSON mapping: event field → dot path in each line, e.g. {"time": "ts", "path": "request.uri"}. */
export const ZJsonMapping = z.record(z.string(), z.string().trim().min(1).max(200)).superRefine((m, ctx) => {
  const unknown = Object.keys(m).filter((k) => !(MAPPED_FIELDS as readonly string[]).includes(k));
  if (unknown.length)
    ctx.addIssue({
      code: "custom",
      message: `Unknown field "${unknown[0]}"; map these fields: ${MAPPED_FIELDS.join(", ")}`,
    });
  else if (Object.keys(m).length === 0) ctx.addIssue({ code: "custom", message: "The mapping names no field" });
});

/** A format chosen by the uploader: one of the named formats, nginx/apache with its format line, or json with a mapping. */
export const ZFormatQuery = z
  .object({ format: z.string(), logFormat: z.string().optional(), mapping: z.string().max(8000).optional() })
  .transform((v, ctx): FormatSpec => {
    if (v.format === "json") {
      let raw: unknown;
      try {
        raw = JSON.parse(v.mapping ?? "");
      } catch {
        ctx.addIssue({
          code: "custom",
          message:
            'format=json needs a mapping: a JSON object such as {"time": "timestamp", "method": "verb", "path": "uri", "status": "code"}',
        });
        return z.NEVER;
      }
      const mapping = ZJsonMapping.safeParse(raw);
      if (!mapping.success) {
        ctx.addIssue({
          code: "custom",
          message: `The JSON mapping is not usable: ${mapping.error.issues[0]?.message}`,
        });
        return z.NEVER;
      }
      return { id: "json", mapping: mapping.data as JsonMapping };
    }
    if ((SIMPLE_FORMATS as readonly string[]).includes(v.format))
      return { id: v.format as (typeof SIMPLE_FORMATS)[number] } as FormatSpec;
    if (v.format === "nginx" || v.format === "apache") {
      if (!v.logFormat) {
        ctx.addIssue({
          code: "custom",
          message: `format=${v.format} needs the ${v.format === "nginx" ? "log_format" : "LogFormat"} line in log_format`,
        });
        return z.NEVER;
      }
      const spec: FormatSpec = { id: v.format, logFormat: v.logFormat };
      try {
        createParser(spec);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: `This ${v.format} format cannot be used: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
      return spec;
    }
    ctx.addIssue({
      code: "custom",
      message: `Unknown format "${v.format}". Use one of: ${[...SIMPLE_FORMATS, "nginx", "apache", "json"].join(", ")}, or leave it out to detect the format.`,
    });
    return z.NEVER;
  });
