// Apache `LogFormat` support: the predefined common and combined formats and
// any custom format string, pasted as the directive or as the format text.
import { set, type Setter } from "./fields";
import { compileTemplate, type CompiledTemplate, type Segment } from "./template";

export const APACHE_COMMON = `%h %l %u %t "%r" %>s %b`;
export const APACHE_COMBINED = `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`;

const DIRECTIVES: Record<string, Setter> = {
  h: set.peer,
  a: set.peer,
  l: set.ignore,
  u: set.remoteUser,
  t: set.time,
  r: set.requestLine,
  m: set.method,
  U: set.path,
  q: set.query,
  H: set.protocol,
  s: set.status,
  b: set.responseBytesOrDash,
  B: set.responseBytes,
  O: set.responseBytes,
  I: set.requestBytes,
  D: set.latencyMicros,
  T: set.latencySeconds,
  v: set.host,
  V: set.host,
  L: set.requestId,
};

function directiveSetter(arg: string | undefined, letter: string): Setter {
  if (arg !== undefined) {
    if (letter === "i") return set.header(arg);
    if (letter === "C") return set.cookie(arg);
    if (letter === "t") return set.anyTime; // %{format}t: try the shapes logs use
    if (letter === "T") return arg === "ms" ? set.latencyMillis : arg === "us" ? set.latencyMicros : set.latencySeconds;
    if (letter === "a" || letter === "h") return set.peer;
    return set.ignore; // %{X}o response headers, %{X}e env, %{X}n notes, %{X}p ports…
  }
  return DIRECTIVES[letter] ?? set.ignore;
}

/**
 * Reads `LogFormat "%h %l %u %t \"%r\" %>s %b" common` or only the format text.
 */
export function extractApacheFormat(input: string): string {
  const text = input.trim();
  const directive =
    /^(?:Custom)?Log(?:Format)?\s+"((?:[^"\\]|\\.)*)"/.exec(text) ?? /^"((?:[^"\\]|\\.)*)"(?:\s+\S+)?$/.exec(text);
  return directive ? directive[1]!.replace(/\\"/g, '"').replace(/\\\\/g, "\\") : text;
}

export function compileApacheFormat(input: string): CompiledTemplate {
  const format = extractApacheFormat(input);
  if (!format.includes("%")) throw new Error("This Apache LogFormat has no % directives.");
  const segments: Segment[] = [];
  // %[<>][status list][{arg}]letter, e.g. %>s, %400,501{User-agent}i, %{Referer}i.
  const re = /%(?:[<>]|!?\d{3}(?:,\d{3})*)*(?:\{([^}]*)\})?([a-zA-Z%])/g;
  let last = 0;
  for (const m of format.matchAll(re)) {
    segments.push({ literal: format.slice(last, m.index) });
    if (m[2] === "%") segments.push({ literal: "%" });
    // Plain %t writes its own brackets: "[10/Oct/2000:13:55:36 -0700]".
    else if (m[2] === "t" && m[1] === undefined)
      segments.push({ literal: "[" }, { field: m[0], setter: set.time }, { literal: "]" });
    else segments.push({ field: m[0], setter: directiveSetter(m[1], m[2]!) });
    last = m.index! + m[0].length;
  }
  segments.push({ literal: format.slice(last) });
  return compileTemplate(segments);
}
