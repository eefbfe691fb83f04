// Timestamp parsing for the shapes access logs use. Hand-written rather than
// Date.parse, which accepts neither nginx's "17/May/2015:10:05:03 +0000" nor
// treats zone-less ISO strings consistently.

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const inRange = (n: number, min: number, max: number) => n >= min && n <= max;
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

// Consecutive lines usually share their second: remember the last one.
let lastText = "";
let lastValue: number | undefined;

/** "17/May/2015:10:05:03 +0000" (nginx $time_local, Apache %t, API Gateway requestTime). */
export function parseCommonLogTime(text: string): number | undefined {
  if (text === lastText) return lastValue;
  const value =
    text.length === 26 && text[2] === "/" && text[6] === "/" && text[11] === ":" ? fastCommonLogTime(text) : undefined;
  lastText = text;
  lastValue = value ?? slowCommonLogTime(text);
  return lastValue;
}

// The start of the minute for the last "DD/Mon/YYYY:HH:MM" and zone seen.
let lastMinute = "";
let lastZone = "";
let lastMinuteBase: number | undefined;

/** The fixed-width shape every server writes, read by position. */
function fastCommonLogTime(t: string): number | undefined {
  const seconds = two(t, 18);
  if (!inRange(seconds, 0, 60) || t[17] !== ":" || !inRange(two(t, 12), 0, 23) || !inRange(two(t, 15), 0, 59))
    return undefined;
  // Compared in place: building a key string per line showed up in profiles.
  if (!t.startsWith(lastMinute) || !t.endsWith(lastZone) || !lastMinute) {
    lastMinute = t.slice(0, 17);
    lastZone = t.slice(20);
    const month = MONTHS[t.slice(3, 6)];
    const sign = t[21] === "-" ? -1 : t[21] === "+" ? 1 : 0;
    if (month === undefined || sign === 0 || t[20] !== " ") lastMinuteBase = undefined;
    else {
      const utc = Date.UTC(two(t, 7) * 100 + two(t, 9), month, two(t, 0), two(t, 12), two(t, 15), 0);
      const offset = sign * (two(t, 22) * 60 + two(t, 24));
      lastMinuteBase = Number.isNaN(utc) || Number.isNaN(offset) ? undefined : utc - offset * 60_000;
    }
  }
  return lastMinuteBase === undefined ? undefined : plausibleTime(lastMinuteBase + seconds * 1000);
}

function slowCommonLogTime(text: string): number | undefined {
  const m =
    /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s*([+-])(\d{2}):?(\d{2})$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const month = MONTHS[m[2]!];
  // Date.UTC would roll 13:55:99 over into the next minute instead of refusing it.
  if (
    month === undefined ||
    !inRange(+m[1]!, 1, 31) ||
    !inRange(+m[4]!, 0, 23) ||
    !inRange(+m[5]!, 0, 59) ||
    !inRange(+m[6]!, 0, 60)
  )
    return undefined;
  const utc = Date.UTC(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0);
  const offsetMinutes = (m[8] === "-" ? -1 : 1) * (+m[9]! * 60 + +m[10]!);
  return plausibleTime(utc - offsetMinutes * 60_000);
}

/** ISO 8601 with a zone ("2018-07-02T22:23:00.186641Z", "2026-11-22T10:00:00+01:00"); zone-less means UTC. */
export function parseIsoTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (
    !m ||
    !inRange(+m[2]!, 1, 12) ||
    !inRange(+m[3]!, 1, 31) ||
    !inRange(+m[4]!, 0, 23) ||
    !inRange(+m[5]!, 0, 59) ||
    !inRange(+m[6]!, 0, 60)
  )
    return undefined;
  let utc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0);
  const zone = m[8];
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    utc -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
  }
  return plausibleTime(utc);
}

/** Seconds since the epoch with optional fraction ("1431857103.123", nginx $msec). */
export function parseEpochSeconds(text: string): number | undefined {
  if (!/^\d{9,11}(\.\d+)?$/.test(text)) return undefined;
  return plausibleTime(Math.round(parseFloat(text) * 1000));
}

/** Milliseconds since the epoch ("1700000000123"). */
export function parseEpochMillis(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : /^\d{12,14}$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? plausibleTime(n) : undefined;
}

/** Any of the shapes above, for sources whose timestamp format varies (JSON logs). */
export function parseAnyTime(value: unknown): { time: number; secondsOnly: boolean } | undefined {
  if (typeof value === "number") {
    const ms = value > 1e12 ? value : value * 1000;
    return plausibleTime(ms) === undefined
      ? undefined
      : { time: Math.round(ms), secondsOnly: Number.isInteger(value) && value < 1e12 };
  }
  if (typeof value !== "string" || !value) return undefined;
  const iso = parseIsoTime(value);
  if (iso !== undefined) return { time: iso, secondsOnly: !/[.,]\d/.test(value) };
  const clf = parseCommonLogTime(value);
  if (clf !== undefined) return { time: clf, secondsOnly: !/:\d{2}\.\d/.test(value) };
  const epoch = parseEpochMillis(value) ?? parseEpochSeconds(value);
  if (epoch !== undefined) return { time: epoch, secondsOnly: !/[.]/.test(value) && value.length <= 11 };
  return undefined;
}

// Years 1990..2100 cover every real log; anything else is a misparse.
export function plausibleTime(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 631_152_000_000 && ms < 4_102_444_800_000 ? ms : undefined;
}
