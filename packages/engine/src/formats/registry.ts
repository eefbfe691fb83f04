// Every supported format behind one constructor. A FormatSpec is what an
// upload stores: the detected or chosen format, plus the user's log_format,
// LogFormat, Envoy format or JSON mapping when the format needs one.
import { APACHE_COMBINED, APACHE_COMMON, compileApacheFormat } from "./apache";
import { createAlbParser } from "./aws-alb";
import { createCloudFrontParser } from "./aws-cloudfront";
import { compileEnvoyFormat, ENVOY_DEFAULT, ENVOY_DEFAULT_LEGACY } from "./envoy";
import { API_GATEWAY_MAPPING, createJsonParser, KONG_MAPPING, type JsonMapping } from "./json";
import { compileNginxFormat } from "./nginx";
import { unwrapEnvelope } from "./envelope";
import type { LineParser } from "./record";
import type { CompiledTemplate } from "./template";

export type FormatSpec =
  | { id: "combined" }
  | { id: "common" }
  | { id: "nginx"; logFormat: string }
  | { id: "apache"; logFormat: string }
  | { id: "envoy"; format?: string }
  | { id: "envoy-legacy" }
  | { id: "aws-alb" }
  | { id: "aws-cloudfront" }
  | { id: "aws-api-gateway" }
  | { id: "kong" }
  | { id: "json"; mapping: JsonMapping }
  | { id: "har" };

export type FormatId = FormatSpec["id"];

export const FORMAT_LABELS: Record<FormatId, string> = {
  combined: "Combined log format (nginx/Apache)",
  common: "Common log format (nginx/Apache)",
  nginx: "nginx custom log_format",
  apache: "Apache custom LogFormat",
  envoy: "Envoy access log",
  "envoy-legacy": "Envoy access log (pre-1.12 default)",
  "aws-alb": "AWS Application Load Balancer",
  "aws-cloudfront": "Amazon CloudFront standard log",
  "aws-api-gateway": "AWS API Gateway JSON access log",
  kong: "Kong HTTP log (JSON)",
  json: "JSON lines",
  har: "HAR (HTTP Archive)",
};

const fromTemplate = (t: CompiledTemplate): LineParser => ({
  parseLine: (line) => (line.trim() ? t.parse(line) : { ok: "skip" }),
});

/**
 * Formats whose parser keeps state from line to line (CloudFront's #Fields
 * header sets the columns of the lines after it): their lines must be read
 * by one parser, in order.
 */
export const keepsStateAcrossLines = (spec: FormatSpec) => spec.id === "aws-cloudfront";

/**
 * A fresh parser for one file or stream. Throws with a readable message when
 * a custom format is unusable. Line formats also read lines that a log
 * shipper wrapped in JSON (see envelope.ts).
 */
export function createParser(spec: FormatSpec): LineParser {
  const parser = createBareParser(spec);
  if (spec.id === "json" || spec.id === "kong" || spec.id === "aws-api-gateway") return parser;
  return { parseLine: (line) => parser.parseLine(unwrapEnvelope(line) ?? line) };
}

function createBareParser(spec: FormatSpec): LineParser {
  switch (spec.id) {
    case "combined":
      return fromTemplate(compileApacheFormat(APACHE_COMBINED));
    case "common":
      return fromTemplate(compileApacheFormat(APACHE_COMMON));
    case "nginx":
      return fromTemplate(compileNginxFormat(spec.logFormat));
    case "apache":
      return fromTemplate(compileApacheFormat(spec.logFormat));
    case "envoy":
      return fromTemplate(compileEnvoyFormat(spec.format ?? ENVOY_DEFAULT));
    case "envoy-legacy":
      return fromTemplate(compileEnvoyFormat(ENVOY_DEFAULT_LEGACY));
    case "aws-alb":
      return createAlbParser();
    case "aws-cloudfront":
      return createCloudFrontParser();
    case "aws-api-gateway":
      return createJsonParser(API_GATEWAY_MAPPING);
    case "kong":
      return createJsonParser(KONG_MAPPING);
    case "json":
      return createJsonParser(spec.mapping);
    case "har":
      throw new Error("HAR files are read whole with parseHar, not line by line.");
  }
}
