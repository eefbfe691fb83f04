import { z } from "zod";
import { createParser, type FormatSpec } from "@lantern/engine/formats/registry";

export const ZSourceName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, "Name the source with letters, digits, dots, dashes or underscores (at most 64), like nginx-edge");

const SIMPLE_FORMATS = ["combined", "common", "envoy", "envoy-legacy", "aws-alb", "aws-cloudfront", "aws-api-gateway", "kong", "har"] as const;

/** A format chosen by the uploader: one of the named formats, or nginx/apache with its format line. */
export const ZFormatQuery = z
  .object({ format: z.string(), logFormat: z.string().optional() })
  .transform((v, ctx): FormatSpec => {
    if ((SIMPLE_FORMATS as readonly string[]).includes(v.format)) return { id: v.format as (typeof SIMPLE_FORMATS)[number] } as FormatSpec;
    if (v.format === "nginx" || v.format === "apache") {
      if (!v.logFormat) {
        ctx.addIssue({ code: "custom", message: `format=${v.format} needs the ${v.format === "nginx" ? "log_format" : "LogFormat"} line in log_format` });
        return z.NEVER;
      }
      const spec: FormatSpec = { id: v.format, logFormat: v.logFormat };
      try {
        createParser(spec);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `This ${v.format} format cannot be used: ${(error as Error).message}` });
        return z.NEVER;
      }
      return spec;
    }
    ctx.addIssue({ code: "custom", message: `Unknown format "${v.format}". Use one of: ${[...SIMPLE_FORMATS, "nginx", "apache"].join(", ")}, or leave it out to detect the format.` });
    return z.NEVER;
  });
