// Log shippers often wrap each raw line in JSON: Fluent Bit's json_lines
// output sends {"date": …, "log": "<line>"}, Vector and Docker use "message"
// or "log". When a JSON line carries its access-log line in such a field, the
// line inside is what gets detected and parsed.

const ENVELOPE_FIELDS = ["log", "message", "msg"];

/** The wrapped line, or null when `line` is not a shipper's envelope. */
export function unwrapEnvelope(line: string): string | null {
  if (line.charCodeAt(0) !== 123 /* "{" */ || !/"(log|message|msg)"\s*:/.test(line)) return null;
  try {
    const obj = JSON.parse(line) as Record<string, unknown>;
    for (const field of ENVELOPE_FIELDS) {
      const value = obj[field];
      // A JSON access log that merely has a "message" field is not an envelope:
      // the wrapped value must look like a log line, not a sentence.
      if (
        typeof value === "string" &&
        value.length > 20 &&
        !("method" in obj) &&
        !("status" in obj) &&
        !("request" in obj)
      ) {
        return value.replace(/\r?\n$/, "");
      }
    }
  } catch {
    // not JSON after all
  }
  return null;
}
