// Attackers write our input: every probe sent to a customer's API becomes a
// field we store. Postgres refuses NUL in text and jsonb (and lone UTF-16
// surrogates in jsonb), so one `%00` in a path used to fail a whole batch.
// Control characters are replaced by their Unicode "control picture"
// (U+2400 + code: NUL → ␀, ESC → ␛, DEL → ␡), the C1 controls (U+0080–9F,
// which have no picture; a parser reading Apache's \x90 gives U+0090) by
// \xNN, and lone surrogates by U+FFFD:
// what is stored is always storable, the dashboard shows the probe visibly
// (a literal "\0" would be indistinguishable from an attacker's backslash
// and zero), and a terminal that prints a stored user agent runs no escape
// sequence.

// Fast test first: almost no field holds a control character or a surrogate.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function picture(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? "\u2421" : `\\x${code.toString(16)}`;
}

/** True when visibleText would change `text`. */
export function needsVisibleText(text: string): boolean {
  return UNSAFE.test(text);
}

/** `text` with control characters shown (as control pictures, or \xNN for C1) and lone surrogates as U+FFFD. */
export function visibleText(text: string): string {
  if (!needsVisibleText(text)) return text;
  return text.replace(CONTROL, picture).replace(LONE_SURROGATE, "\ufffd");
}

/** visibleText for optional fields. */
export function visibleOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : visibleText(text);
}

/**
 * visibleText over every string of plain objects and arrays, for the event
 * writer's last wall (the normaliser checks events by their shape, which is
 * cheaper). Returns `value` itself when nothing needed replacing.
 */
export function visibleDeep<T>(value: T): T {
  if (typeof value === "string") return visibleText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const clean = visibleDeep(value[i]);
      if (clean !== value[i]) (out ??= value.slice())[i] = clean;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === "object") {
    // for…in, not Object.entries: this runs on every identity and query parameter of every event.
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    for (const key in record) {
      const item = record[key];
      const clean = visibleDeep(item);
      if (clean !== item) (out ??= { ...record })[key] = clean;
    }
    return (out ?? value) as T;
  }
  return value;
}
