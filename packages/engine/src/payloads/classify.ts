// Attack payloads in request values: SQL injection, cross-site scripting,
// path traversal, command injection, JNDI lookups (log4shell) and requests
// for cloud metadata or local services (SSRF). A value counts only when it
// holds the syntax that breaks out of its context and does something (a
// quote followed by SQL, a tag with a script, a climb out of the directory),
// never for a quote or a keyword alone: names like O'Brien, words like
// "select" and addresses with slashes are everyday values.
export type AttackKind = "sqli" | "xss" | "path-traversal" | "cmdi" | "jndi" | "ssrf";

const MAX_VALUE = 4_096;

/** %xx and HTML character references undone (attackers encode to slip past filters), at most three times. */
export function decodeValue(value: string): string {
  let v = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  for (let i = 0; i < 3; i++) {
    const next = decodeEntities(decodePercent(v));
    if (next === v) break;
    v = next;
  }
  return v.toLowerCase();
}

function decodePercent(v: string): string {
  if (!v.includes("%")) return v;
  return v.replace(/%([0-9a-fA-F]{2})|%u([0-9a-fA-F]{4})/g, (_, hex: string | undefined, wide: string | undefined) =>
    String.fromCharCode(Number.parseInt(hex ?? wide!, 16)),
  );
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", colon: ":", tab: "\t" };

function decodeEntities(v: string): string {
  if (!v.includes("&")) return v;
  return v.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}

// SQL: a break-out (quote, parenthesis or number ended) followed by SQL, or SQL no value needs.
const SQL_BREAKOUT =
  /(^|['"`)\d])[\s)]*(\b(and|or|xor|having|where|union|order\s+by|group\s+by|procedure|rlike|like|regexp)\b|;|--|#|\/\*|\|\|)/;
const SQL_TAUTOLOGY =
  /\b(and|or|xor|having|where|when)\b\s*\(*\s*['"]?[\w.]+['"]?\s*(=|<>|!=|<|>|\blike\b|\brlike\b|\bin\b)/;
const SQL_CLAUSES =
  /\bunion\b[\s(]+(all\s+|distinct\s+)?select\b|\bselect\b[\s\S]{1,200}?\bfrom\b|\b(insert\s+into|delete\s+from|drop\s+(table|database)|update\s+\w+\s+set|exec(ute)?\s+(xp_|sp_)|create\s+(table|user))\b/;
const SQL_FUNCTIONS =
  /\b(sleep|benchmark|pg_sleep|dbms_lock\.sleep|dbms_pipe\.receive_message|extractvalue|updatexml|load_file|utl_inaddr\.\w+|xp_cmdshell|make_set|elt|char|chr|concat(_ws)?|convert|cast|ascii|substring|mid|count|iif|if|ifnull|row)\s*\(|\bwaitfor\s+delay\b|\bcase\s+when\b|\b(information_schema|sysobjects|syscolumns|pg_catalog|all_tables|mysql\.user)\b|@@version|\binto\s+(out|dump)file\b/;
const SQL_ORDER_PROBE = /(['"`)]|^\s*-?\d+)[\s)]*order\s+by\s+\d+\s*(--|#|\/\*)/;
// A condition of two numbers where no value has one: inside a function, or multiplied ("(1=1)*5").
const SQL_NUMERIC_CONDITION = /\b(iif|elt|make_set|if|nullif)\s*\(\s*\d+\s*=\s*\d+|\(\s*\d+\s*=\s*\d+\s*\)\s*[*+\-/]/;
const SQL_STACKED = /;\s*(select|drop|insert|update|delete|exec|execute|declare|begin|shutdown|waitfor)\b/;

function isSqlInjection(v: string): boolean {
  if (SQL_CLAUSES.test(v) || SQL_STACKED.test(v) || SQL_ORDER_PROBE.test(v) || SQL_NUMERIC_CONDITION.test(v))
    return true;
  const functions = SQL_FUNCTIONS.test(v);
  const tautology = SQL_TAUTOLOGY.test(v);
  const breakout = SQL_BREAKOUT.test(v) && /['"`)]|\d\s+(and|or)\b/.test(v);
  // Two signs together: a break-out with a condition or a function, or a condition built of functions.
  return (breakout && (tautology || functions)) || (tautology && functions);
}

const XSS_TAG =
  /<\s*\/?\s*(script|img|svg|iframe|frame|frameset|body|input|a|div|style|table|td|xml|object|embed|meta|link|base|form|video|audio|source|details|marquee|bgsound|layer|ilayer|isindex|math|applet|button|select|textarea|keygen|html|xss|span|\?xml)\b[^>]*/;
const XSS_SCRIPT =
  /\bon[a-z]{3,20}\s*=|javascript\s*:|vbscript\s*:|livescript\s*:|expression\s*\(|\b(alert|prompt|confirm|eval)\s*[(`]|document\s*\.\s*(cookie|location|write|domain)|fromcharcode|\bsrcdoc\s*=|<!\[cdata\[|-->|data\s*:\s*text\/html|\bdata(src|fld|formatas)\s*=|\bxmlns:\w+|script\s*(alert|prompt|confirm)\s*\(/;

function isCrossSiteScripting(v: string): boolean {
  const tag = XSS_TAG.test(v);
  const script = XSS_SCRIPT.test(v);
  if (tag)
    return (
      script ||
      /<\s*\/?\s*script\b/.test(v) ||
      /[<"'`]\s*>|<\w+[^>]*\b(src|href|style|background|dynsrc|lowsrc)\s*=/.test(v)
    );
  return script && /["'<>`(]|^\s*javascript/.test(v);
}

const TRAVERSAL =
  /(^|[\\/=])\.\.+[\\/]|[\\/]\.\.+($|[\\/])|\.{4,}|(^|[\\/])(\.[\\/]){3,}|\betc[\\/]?(passwd|shadow|group|hosts|issue)\b|(boot|win|system)\.ini\b|global\.asa\b|\bweb\.config\b|\bweb-inf\b|^[a-z]:[\\/]+(windows|winnt|inetpub|boot|program|users|documents)|^file:\/|\{file\}|\x00/;
// A run of one character far longer than any value needs: an overflow probe sent with the traversals.
const OVERLONG_RUN = /(.)\1{63,}/;

const SHELL_COMMANDS =
  "id|whoami|uname|cat|ls|dir|ping|nc|ncat|netcat|netstat|wget|curl|bash|sh|zsh|cmd|powershell|sleep|echo|nslookup|ifconfig|ipconfig|net\\s+user|type|true|false|uptime|ps|telnet|rm|chmod|perl|python|ruby|php";
const CMD_AFTER_SEPARATOR = new RegExp(
  `(^|[;&|\`\\n]|\\$\\(|\\)\\s*;)\\s*(/usr/bin/|/bin/|/usr/sbin/)?(${SHELL_COMMANDS})\\b(\\s|$|[;|&\`)"'])`,
);
const CMD_SUBSTITUTION = new RegExp(`\`[^\`]*\\b(${SHELL_COMMANDS})\\b[^\`]*\`|\\$\\([^)]*\\b(${SHELL_COMMANDS})\\b`);
const CMD_WITH_ARGUMENTS =
  /^["'\s]*(ping|nc|ncat|wget|curl|nslookup|telnet)(\.exe)?\s+(-\w+\s+(\d+\s+)?)*(\d{1,3}\.|[a-z0-9.-]+\.[a-z]{2,}|\/)|\bdir\s+[a-z]:|^\|?\/?(usr\/)?s?bin\/\w+|\b(system|exec|passthru|shell_exec|popen|proc_open)\s*\(\s*['"]/;

function isCommandInjection(value: string): boolean {
  // In a query string "+" is a space, and payloads are often sent that way.
  const v = value.includes("+") ? value.replace(/\+/g, " ") : value;
  // A separator alone is everyday ("a;b", "r&d"): a command must follow it, or sit in a substitution.
  return (
    (CMD_AFTER_SEPARATOR.test(v) && /[;&|`\n]|\$\(/.test(v)) || CMD_SUBSTITUTION.test(v) || CMD_WITH_ARGUMENTS.test(v)
  );
}

const JNDI = /\$\{\s*(jndi|\$\{|lower:|upper:|env:|sys:|::-|date:|main:|base64:)/;
const SSRF =
  /\b(https?|gopher|dict|ftp|ldap|tftp|jar):\/\/(\[?::1\]?|127\.\d+\.\d+\.\d+|0\.0\.0\.0|localhost|169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|\[?fd00:ec2::254\]?)\b|\bfile:\/\//;

/** The kinds of attack a value (a query value, a path segment) carries, strongest syntax first; [] for an everyday value. */
export function attackKindsOf(value: string): AttackKind[] {
  if (value.length < 3) return [];
  const v = decodeValue(value);
  const kinds: AttackKind[] = [];
  if (JNDI.test(v)) kinds.push("jndi");
  if (isSqlInjection(v)) kinds.push("sqli");
  if (isCrossSiteScripting(v)) kinds.push("xss");
  if (TRAVERSAL.test(v) || OVERLONG_RUN.test(v)) kinds.push("path-traversal");
  if (isCommandInjection(v)) kinds.push("cmdi");
  if (SSRF.test(v)) kinds.push("ssrf");
  return kinds;
}

export const ATTACK_LABEL: Record<AttackKind, string> = {
  sqli: "SQL injection",
  xss: "cross-site scripting",
  "path-traversal": "path traversal",
  cmdi: "command injection",
  jndi: "JNDI lookups (log4shell)",
  ssrf: "requests for internal or metadata addresses (SSRF)",
};

const NO_ATTACKS: readonly AttackKind[] = Object.freeze([]);

/**
 * In a path, a file's name is what was asked for, not an injection: "/web.config" is a probe for an exposed file
 * (the exposed-artefact check and the scanning detector see those). Traversal in a path needs its syntax.
 */
const PATH_TRAVERSAL_SYNTAX = /(^|[\\/])\.\.+([\\/]|$)|\.{4,}|\x00/;

function pathAttackKinds(path: string): AttackKind[] {
  const kinds = attackKindsOf(path);
  if (!kinds.includes("path-traversal") || PATH_TRAVERSAL_SYNTAX.test(decodeValue(path))) return kinds;
  return kinds.filter((k) => k !== "path-traversal");
}

/** The attack kinds anywhere in a request's path or query values; a shared empty list for an everyday request. */
export function attacksInRequest(path: string, query: readonly { value: string }[]): readonly AttackKind[] {
  let found: Set<AttackKind> | null = null;
  for (let i = -1; i < query.length; i++) {
    const kinds = i === -1 ? pathAttackKinds(path) : attackKindsOf(query[i]!.value);
    if (kinds.length === 0) continue;
    found ??= new Set();
    for (const k of kinds) found.add(k);
  }
  return found ? [...found] : NO_ATTACKS;
}
