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
import { splitPath } from "./templater";

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
  for (const s of splitPath(path)) shape += classifySegment(s).variable ? "/{}" : `/${s}`;
  return shape;
}

/** A shape's calls while they come from one actor; null once a second one (or one the log does not name) called it. */
type Sole = { actor: string; calls: number } | null;

export class GuessTally {
  private readonly byShape = new Map<string, Sole>();

  /** One call: its actor (null when the log names none), method and path. */
  add(actor: string | null, method: string, path: string): void {
    const shape = requestShape(method, path);
    const sole = this.byShape.get(shape);
    if (sole === null) return;
    if (sole === undefined) this.byShape.set(shape, actor === null ? null : { actor, calls: 1 });
    else if (sole.actor === actor) sole.calls++;
    else this.byShape.set(shape, null);
  }

  /** The actors guessing in the part: those that alone called at least MIN_GUESSES shapes, each once or twice. */
  guessers(): Set<string> {
    const guesses = new Map<string, number>();
    for (const sole of this.byShape.values())
      if (sole && sole.calls <= GUESS_CALLS) guesses.set(sole.actor, (guesses.get(sole.actor) ?? 0) + 1);
    return new Set([...guesses].filter(([, n]) => n >= MIN_GUESSES).map(([actor]) => actor));
  }
}
