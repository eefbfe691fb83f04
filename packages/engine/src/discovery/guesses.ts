// A scanner's guesses that the server answered: a catch-all route (a
// single-page app's fallback, a framework's default handler) answers /.env,
// /wp-login.php and a word list's every entry with 200, so "answered" is no
// evidence that an endpoint exists. What gives the scanner away is its
// spread: within one part of an upload it alone calls many path shapes
// (words kept, ids made "{}"), each once or twice. A partner alone on its
// own API calls few shapes, again and again; a client's shapes are shared
// with other clients. A guesser's calls are read as misses are: they teach
// the templater no variable and make no endpoint (belongsInInventory).
import { classifySegment } from "./segments";

/** An actor is guessing once it alone called this many path shapes, each at most GUESS_CALLS times, in the part. */
export const MIN_GUESSES = 20;
/** A guess is tried once or twice (a retry); a shape called more often is in use. */
const GUESS_CALLS = 2;

/**
 * The shape of a request: its method and path segments, identifiers replaced by "{}" (GET /v1/orders/{}/x). Two calls
 * of one shape are one thing used twice; a word list's entries are as many shapes as words.
 */
export function requestShape(method: string, path: string): string {
  let shape = method;
  // Segment by segment without an array: this runs for every request discovery reads.
  for (let start = 0; start < path.length; ) {
    let end = path.indexOf("/", start);
    if (end < 0) end = path.length;
    if (end > start) {
      const s = path.slice(start, end);
      shape += isId(s) ? "/{}" : `/${s}`;
    }
    start = end + 1;
  }
  return shape;
}

const VERSION = /^v\d{1,2}(?:\.\d{1,2})?$/i;
/**
 * A segment with a digit in it is an id here, bar a version (a word list's "backup2" is one guess fewer, no harm); one
 * without is classified (po_zuygyqqfwfjz is an id): ids are most segments of a million paths, and the rules' patterns
 * their cost.
 */
const isId = (segment: string) => (/\d/.test(segment) ? !VERSION.test(segment) : classifySegment(segment).variable);

/** A shape's calls while they come from one actor, and whether any was answered; null once a second one (or one the log does not name) called it. */
type Sole = { actor: string; calls: number; answered: boolean } | null;

export class GuessTally {
  private readonly byShape = new Map<string, Sole>();

  /** One call: its actor (null when the log names none), method, path and whether the server answered it (isAnswered). */
  add(actor: string | null, method: string, path: string, answered: boolean): void {
    const shape = requestShape(method, path);
    const sole = this.byShape.get(shape);
    if (sole === null) return;
    if (sole === undefined) this.byShape.set(shape, actor === null ? null : { actor, calls: 1, answered });
    else if (sole.actor === actor) {
      sole.calls++;
      sole.answered ||= answered;
    } else this.byShape.set(shape, null);
  }

  /**
   * The actors guessing in the part (those that alone called at least MIN_GUESSES shapes, each once or twice), and
   * whether the server answered any of their guesses: if not, their calls were misses already.
   */
  guessers(): { actors: Set<string>; answered: boolean } {
    const guesses = new Map<string, number>();
    for (const sole of this.byShape.values())
      if (sole && sole.calls <= GUESS_CALLS) guesses.set(sole.actor, (guesses.get(sole.actor) ?? 0) + 1);
    const actors = new Set([...guesses].filter(([, n]) => n >= MIN_GUESSES).map(([actor]) => actor));
    let answered = false;
    if (actors.size)
      for (const sole of this.byShape.values()) if (sole?.answered && actors.has(sole.actor)) answered = true;
    return { actors, answered };
  }
}
