// A scanner's guesses that the server answered: a catch-all route (a
// single-page app's fallback, a framework's default handler) answers /.env,
// /wp-login.php and a word list's every entry with 200, so "answered" is no
// evidence that an endpoint exists. What gives the scanner away is its
// spread: within one part of an upload it alone calls many path shapes
// (words kept, ids made "{}"), each once or twice. A partner alone on its
// own API calls few shapes, again and again; a client's shapes are shared
// with other clients. A crawler spreads too (a search engine alone on a
// blog's old posts), but what answers it are pages of every size, where a
// catch-all answers every guess with one page: an actor whose answered
// guesses are not of one size is not guessing. A guesser's calls are read
// as misses are: they teach the templater no variable and make no endpoint
// (belongsInInventory).
import { classifySegment } from "./segments";

/** An actor is guessing once it alone called this many path shapes, each at most GUESS_CALLS times, in the part. */
export const MIN_GUESSES = 20;
/** A guess is tried once or twice (a retry); a shape called more often is in use. */
const GUESS_CALLS = 2;
/** One page answers a catch-all's guesses: this share of them within SAME_SIZE of their median size. */
const ONE_PAGE_SHARE = 0.8;
const SAME_SIZE = 0.05;
/** A shape is at most this long (see requestShape). */
const MAX_SHAPE = 256;

/**
 * The shape of a request: its method and path segments, identifiers replaced by "{}" (GET /v1/orders/{}/x). Two calls
 * of one shape are one thing used twice; a word list's entries are as many shapes as words.
 */
export function requestShape(method: string, path: string): string {
  let shape = method;
  // Segment by segment without an array: this runs for every request discovery reads. Cut at MAX_SHAPE: a part's
  // shapes are kept while it is read, and attackers write paths as long as the log line allows.
  for (let start = 0; start < path.length && shape.length < MAX_SHAPE; ) {
    let end = path.indexOf("/", start);
    if (end < 0) end = path.length;
    if (end > start) {
      const s = path.slice(start, end);
      shape += isId(s) ? "/{}" : `/${s}`;
    }
    start = end + 1;
  }
  return shape.slice(0, MAX_SHAPE);
}

const VERSION = /^v\d{1,2}(?:\.\d{1,2})?$/i;
/**
 * A segment with a digit in it is an id here, bar a version (a word list's "backup2" is one guess fewer, no harm); one
 * without is classified (po_zuygyqqfwfjz is an id): ids are most segments of a million paths, and the rules' patterns
 * their cost.
 */
const isId = (segment: string) => (/\d/.test(segment) ? !VERSION.test(segment) : classifySegment(segment).variable);

/**
 * A shape's calls while they come from one actor, and the size of its first answer (undefined: never answered; null:
 * answered, size not logged); null once a second actor (or one the log does not name) called it.
 */
type Sole = { actor: string; calls: number; answer: number | null | undefined } | null;

export class GuessTally {
  private readonly byShape = new Map<string, Sole>();

  /**
   * One call: its actor (null when the log names none), method and path, and the size of the answer if the server
   * answered it (isAnswered; null when the log has no sizes), else undefined.
   */
  add(actor: string | null, method: string, path: string, answer: number | null | undefined): void {
    const shape = requestShape(method, path);
    const sole = this.byShape.get(shape);
    if (sole === null) return;
    if (sole === undefined) this.byShape.set(shape, actor === null ? null : { actor, calls: 1, answer });
    else if (sole.actor === actor) {
      sole.calls++;
      if (sole.answer === undefined) sole.answer = answer;
    } else this.byShape.set(shape, null);
  }

  /**
   * The actors guessing in the part: those that alone called at least MIN_GUESSES shapes, each once or twice, and
   * whose answered guesses (if any) were one page. `answered`: whether any guess was answered (if not, their calls
   * were misses already).
   */
  guessers(): { actors: Set<string>; answered: boolean } {
    const guesses = new Map<string, { n: number; answers: (number | null)[] }>();
    for (const sole of this.byShape.values()) {
      if (!sole || sole.calls > GUESS_CALLS) continue;
      let g = guesses.get(sole.actor);
      if (!g) guesses.set(sole.actor, (g = { n: 0, answers: [] }));
      g.n++;
      if (sole.answer !== undefined) g.answers.push(sole.answer);
    }
    const actors = new Set<string>();
    let answered = false;
    for (const [actor, g] of guesses) {
      if (g.n < MIN_GUESSES || (g.answers.length && !onePage(g.answers))) continue;
      actors.add(actor);
      answered ||= g.answers.length > 0;
    }
    return { actors, answered };
  }
}

/** Whether answers are one page: sizes logged, most of them within SAME_SIZE of their median. */
function onePage(sizes: (number | null)[]): boolean {
  if (sizes.some((b) => b === null)) return false;
  const sorted = (sizes as number[]).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const near = sorted.filter((b) => Math.abs(b - median) <= SAME_SIZE * median).length;
  return near >= ONE_PAGE_SHARE * sorted.length;
}
