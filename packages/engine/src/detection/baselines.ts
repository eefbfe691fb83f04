// Baselines kept across batches: for each measure of each subject (distinct
// objects per actor-hour on an endpoint, failed sign-ins per hour, page sizes
// asked …) a histogram of the values seen so far. A detector judges a batch
// against the stored history plus the batch itself, so a small batch (a few
// minutes of streamed logs) is judged against weeks of behaviour, not only
// against its own few windows.
//
// Not discovery's latency histogram: detection's norms are medians and MADs
// of small counts, where 1 and 2 objects an hour must stay apart, so small
// integers are kept exactly and only values above 64 share log buckets (2.5%).
import { isFar, type Norm } from "./robust";

/** Bucket → count, sparse: most measures take few distinct values. */
export type Counts = Record<string, number>;
export type StoredBaseline = { measure: string; subject: string; counts: Counts; n: number };

const EXACT = 64;
const RATIO = 1.05;
const LOG_RATIO = Math.log(RATIO);
/**
 * A baseline remembers about this many values: beyond it, older counts are
 * scaled down as new ones come, so a behaviour that changed for good becomes
 * the norm within weeks rather than never.
 */
export const BASELINE_MEMORY = 20_000;

export const bucketOf = (v: number): number =>
  v < EXACT ? Math.max(0, Math.round(v)) : EXACT + Math.round(Math.log(v / EXACT) / LOG_RATIO);
export const bucketValue = (b: number): number => (b < EXACT ? b : EXACT * RATIO ** (b - EXACT));

/** Median and scaled MAD of a histogram (the same norm robust.normOf gives for the values). */
export function normOfCounts(counts: Map<number, number>): Norm {
  const entries = [...counts].filter(([, c]) => c > 0).map(([b, c]) => [bucketValue(b), c] as [number, number]);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  const typical = weightedMedian(entries, n);
  const spread =
    1.4826 *
    weightedMedian(
      entries.map(([v, c]) => [Math.abs(v - typical), c]),
      n,
    );
  return { typical, spread, n: Math.round(n) };
}

function weightedMedian(entries: [number, number][], n: number): number {
  if (n === 0) return 0;
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  // The middle value, or the mean of the two middle values when n is even (as robust.median does).
  const at = (rank: number) => {
    let seen = 0;
    for (const [v, c] of sorted) if ((seen += c) > rank) return v;
    return sorted[sorted.length - 1]![0];
  };
  const whole = Math.round(n);
  return whole % 2 ? at((whole - 1) / 2) : (at(whole / 2 - 1) + at(whole / 2)) / 2;
}

/** At most this many categories are kept per categorical measure (the rarest dropped): one row stays small on an API of thousands of endpoints. */
export const MAX_CATEGORIES = 200;

/**
 * Which values a batch may learn, by when they happened: all, unless the
 * caller says otherwise. Detection over a stream judges an hour more than
 * once (the part that began it, then the part that ends it, with the first
 * one's events read again); only the judgement that closes the hour learns
 * from it, so a norm is learnt from whole hours, each once.
 */
export type Learns = (ts: number) => boolean;
const LEARN_ALL: Learns = () => true;

export class Baselines {
  /** Rows as loaded: a measure is read as a histogram or as categories by the detector that owns it. */
  private readonly raw = new Map<string, Counts>();
  private readonly stored = new Map<string, Map<number, number>>();
  private readonly categorical = new Map<string, Map<string, number>>();
  private readonly changed = new Set<string>();

  /** Whether a value at this time is learnt (see Learns); detectors that learn categories ask it too. */
  readonly learns: Learns;

  constructor(stored: Iterable<StoredBaseline> = [], options: { learns?: Learns } = {}) {
    for (const b of stored) this.raw.set(keyOf(b.measure, b.subject), b.counts);
    this.learns = options.learns ?? LEARN_ALL;
  }

  private histogram(key: string): Map<number, number> | undefined {
    let h = this.stored.get(key);
    const raw = this.raw.get(key);
    if (!h && raw) this.stored.set(key, (h = new Map(Object.entries(raw).map(([k, c]) => [Number(k), c]))));
    return h;
  }

  /** A categorical measure's stored counts (the next call after an endpoint → how often), history only. */
  categories(measure: string, subject: string): ReadonlyMap<string, number> {
    const key = keyOf(measure, subject);
    let c = this.categorical.get(key);
    if (!c) this.categorical.set(key, (c = new Map(Object.entries(this.raw.get(key) ?? {}))));
    return c;
  }

  /** Adds a batch's counts to a categorical measure: the memory scaled as for histograms, the rarest categories past MAX_CATEGORIES dropped. */
  learnCategories(measure: string, subject: string, added: Map<string, number>): void {
    if (!added.size) return;
    const key = keyOf(measure, subject);
    const learnt = new Map(this.categories(measure, subject));
    for (const [k, n] of added) learnt.set(k, (learnt.get(k) ?? 0) + n);
    const total = [...learnt.values()].reduce((s, n) => s + n, 0);
    const scale = total > BASELINE_MEMORY ? BASELINE_MEMORY / total : 1;
    const kept = [...learnt].sort((a, b) => b[1] - a[1]).slice(0, MAX_CATEGORIES);
    this.categorical.set(key, new Map(kept.map(([k, n]) => [k, n * scale])));
    this.changed.add(key);
  }

  /** The norm a measure would have with these values added, nothing learnt (the values learnt are decided after judging). */
  peek(measure: string, subject: string, values: number[]): Norm {
    const counts = new Map(this.histogram(keyOf(measure, subject)) ?? []);
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    return normOfCounts(counts);
  }

  /**
   * The norm of a measure for a subject: its history plus this batch's
   * values. The batch's values are then learnt, except those far from the
   * norm (an attack must not become the usual) and those whose time `at`
   * (a window's first call, an event's time; by index) is not to be learnt.
   */
  norm(measure: string, subject: string, values: number[], at?: readonly number[]): Norm {
    const key = keyOf(measure, subject);
    const counts = new Map(this.histogram(key) ?? []);
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    const norm = normOfCounts(counts);
    if (values.length === 0) return norm;
    const learnt = new Map(this.histogram(key) ?? []);
    values.forEach((v, i) => {
      if (isFar(v, norm) || (at && !this.learns(at[i]!))) return;
      learnt.set(bucketOf(v), (learnt.get(bucketOf(v)) ?? 0) + 1);
    });
    const total = [...learnt.values()].reduce((s, c) => s + c, 0);
    if (total > BASELINE_MEMORY) for (const [b, c] of learnt) learnt.set(b, (c * BASELINE_MEMORY) / total);
    this.stored.set(key, learnt);
    this.changed.add(key);
    return norm;
  }

  /**
   * A share kept across batches (reversals among state-changing calls): the
   * stored counts of "no" (bucket 0) and "yes" (bucket 1) plus this batch's
   * windows. Each window is judged against the share of everything else
   * (history and the batch's other windows), so a large attack does not
   * raise the share it is judged against; windows judged far are not learnt.
   */
  proportion<W extends { yes: number; no: number; at: number }>(
    measure: string,
    subject: string,
    windows: W[],
    isFar: (w: W, othersShare: number) => boolean,
  ): { share: (w: { yes: number; no: number }) => number; n: number; far: boolean[] } {
    const key = keyOf(measure, subject);
    const stored = this.histogram(key) ?? new Map<number, number>();
    const before = { no: stored.get(0) ?? 0, yes: stored.get(1) ?? 0 };
    const all = windows.reduce((t, w) => ({ no: t.no + w.no, yes: t.yes + w.yes }), before);
    const share = (w: { yes: number; no: number }) => {
      const total = all.yes + all.no - w.yes - w.no;
      return total > 0 ? (all.yes - w.yes) / total : 0;
    };
    const far = windows.map((w) => isFar(w, share(w)));
    if (windows.length) {
      const learnt = windows.reduce(
        (t, w, i) => (far[i] || !this.learns(w.at) ? t : { no: t.no + w.no, yes: t.yes + w.yes }),
        before,
      );
      const total = learnt.no + learnt.yes;
      const scale = total > BASELINE_MEMORY ? BASELINE_MEMORY / total : 1;
      this.stored.set(
        key,
        new Map([
          [0, learnt.no * scale],
          [1, learnt.yes * scale],
        ]),
      );
      this.changed.add(key);
    }
    return { share, n: Math.round(all.yes + all.no), far };
  }

  /** The baselines this batch changed, to be written back. */
  changes(): StoredBaseline[] {
    return [...this.changed].map((key) => {
      const [measure, subject] = key.split("\u0000") as [string, string];
      const counts: Map<number | string, number> = this.stored.get(key) ?? this.categorical.get(key)!;
      const out: Counts = {};
      let n = 0;
      for (const [b, c] of counts) {
        // Scaled-down counts are kept to 3 decimals: enough for medians, small in JSON.
        out[b] = Math.round(c * 1000) / 1000;
        n += c;
      }
      return { measure, subject, counts: out, n: Math.round(n) };
    });
  }
}

const keyOf = (measure: string, subject: string) => `${measure}\u0000${subject}`;
