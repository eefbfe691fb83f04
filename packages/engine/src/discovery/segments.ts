// What one path segment looks like: an identifier of some kind (variable in
// any template), a word (literal unless traffic shows many distinct values in
// its place), or a version (always literal). Judged from the text alone;
// templater.ts adds what traffic shows.

export type SegmentKind =
  | "number"
  | "uuid"
  | "hex"
  | "hash"
  | "date"
  | "email"
  | "prefixed-id"
  | "code"
  | "file" // identifiers
  | "version"
  | "word"; // literals

export type SegmentClass = { kind: SegmentKind; variable: boolean; why: string };

// Technical words with digits that name things rather than identify them.
const TECHNICAL =
  /^(?:sha(?:1|224|256|384|512)|md5|x509|base(?:32|58|64)|utf-?(?:8|16)|http2|ipv[46]|oauth2|s3|ec2|k8s|h26[45]|mp[34]|2fa|web3|ed25519|p256|rsa(?:2048|4096)|i18n|l10n)$/i;

const RULES: { kind: SegmentKind; pattern: RegExp; why: string }[] = [
  { kind: "version", pattern: /^v\d{1,2}(?:\.\d{1,2})?(?:(?:alpha|beta)\d*)?$/i, why: "an API version" },
  { kind: "number", pattern: /^\d+$/, why: "a number" },
  { kind: "uuid", pattern: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, why: "a UUID" },
  {
    kind: "date",
    pattern: /^(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:T[\d:.]+Z?)?$/,
    why: "a date",
  },
  { kind: "hex", pattern: /^(?=.*\d)(?=.*[a-f])[0-9a-f]{12,}$/i, why: "a hexadecimal id" },
  { kind: "email", pattern: /^[^@\s/]+@[^@\s/]+\.[a-z]{2,}$/i, why: "an email address" },
  // ch_3Kx9…, usr_1a2b3c, pk_live_…, INV-2026-000123, ORD12345, acct-7781
  { kind: "prefixed-id", pattern: /^[a-z]{1,6}(?:_[a-z]{2,6})?_(?=[A-Za-z]*\d)[A-Za-z0-9]{5,}$/, why: "a prefixed id" },
  { kind: "prefixed-id", pattern: /^[A-Za-z]{2,6}[-_]?(?:\d{2,4}[-_])?\d{3,}$/, why: "a prefixed number" },
  // Long opaque tokens: base64url, base62 with digits and both cases.
  { kind: "hash", pattern: /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}={0,2}$/, why: "an opaque token" },
  // Short mixed codes (a7Bx9Q, 3FZK22): at least two digits, letters and digits interleaved.
  {
    kind: "code",
    pattern:
      /^(?=(?:.*\d){2})(?=.*[A-Za-z])(?=.*(?:\d[A-Za-z]|[A-Za-z]\d).*(?:\d[A-Za-z]|[A-Za-z]\d))[A-Za-z0-9]{5,12}$/,
    why: "a mixed letter-digit code",
  },
];

// po_zuygyqqfwfjz, sub-kqxwvtrmbzpl: a short prefix, then a run of letters no
// word is made of. Snake-case names (user_preferences, oauth_authorizations)
// read as words: vowels in proportion, consonants in short runs.
const LETTER_ID = /^[a-z]{1,6}(?:_[a-z]{2,6})?[_-]([a-z]{10,})$/;
const VOWELS = /[aeiou]/g;
const CONSONANT_RUN = /[b-df-hj-np-tv-z]{5,}/;
/** A lowercase letter run that is not a word: too few vowels, or five consonants in a row, or a letter thrice in a row. */
function isLetterId(segment: string): boolean {
  const tail = LETTER_ID.exec(segment)?.[1];
  if (!tail) return false;
  const vowelShare = (tail.match(VOWELS)?.length ?? 0) / tail.length;
  return vowelShare < 0.25 || CONSONANT_RUN.test(tail) || /(\w)\1\1/.test(tail);
}

const FILE = /^[\w.-]+\.(?:png|jpe?g|gif|svg|webp|pdf|csv|xlsx?|docx?|txt|zip|gz|mp4|mp3|json|xml|html?)$/i;

// Words recur on every call (orders, v1, summary) while identifiers rarely do:
// a bounded memo of literal verdicts spares the rules for most segments.
const LITERALS = new Map<string, SegmentClass>();
const MAX_LITERALS = 10_000;

export function classifySegment(segment: string): SegmentClass {
  const known = LITERALS.get(segment);
  if (known) return known;
  const cls = classify(segment);
  if (!cls.variable) {
    if (LITERALS.size >= MAX_LITERALS) LITERALS.clear();
    LITERALS.set(segment, cls);
  }
  return cls;
}

function classify(segment: string): SegmentClass {
  if (segment.length === 0) return { kind: "word", variable: false, why: "empty" };
  if (TECHNICAL.test(segment)) return { kind: "word", variable: false, why: "a technical word" };
  for (const rule of RULES) {
    if (rule.pattern.test(segment)) return { kind: rule.kind, variable: rule.kind !== "version", why: rule.why };
  }
  if (isLetterId(segment)) return { kind: "prefixed-id", variable: true, why: "a prefixed id of random letters" };
  // A file name is only a variable when many of them share a place (avatar.png
  // beside openapi.json): the templater decides from traffic.
  if (FILE.test(segment)) return { kind: "file", variable: false, why: "a file name" };
  return { kind: "word", variable: false, why: "a word" };
}

/** How a person would name the value after a collection segment: orders → orderId, payment-methods → paymentMethodId. */
export function parameterName(previousLiteral: string | null, kind: SegmentKind): string {
  if (kind === "email") return "email";
  if (kind === "date") return "date";
  if (kind === "file") return "fileName";
  if (!previousLiteral || !/^[A-Za-z][A-Za-z_-]*$/.test(previousLiteral)) return "id";
  const words = previousLiteral.split(/[-_]/).filter(Boolean);
  const last = singular(words.pop()!.toLowerCase());
  const camel = [...words.map((w) => w.toLowerCase()), last]
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join("");
  return `${camel}Id`;
}

const IRREGULAR: Record<string, string> = {
  people: "person",
  children: "child",
  men: "man",
  women: "woman",
  mice: "mouse",
  indices: "index",
  matrices: "matrix",
  criteria: "criterion",
};

function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/uses$/.test(word)) return word.slice(0, -2);
  if (/yses$/.test(word)) return `${word.slice(0, -4)}ysis`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(xes|ches|shes|sses)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}
