// Turns concrete request paths into endpoint templates, learning from traffic
// which positions are variable: /v1/orders/8f1c…/receipt → /v1/orders/{orderId}/receipt.
//
// Per host, a tree of path segments. A segment goes to its node's variable
// child when it looks like an identifier (segments.ts), or when the node has
// shown many distinct words in that place (usernames, slugs); then the words
// that carried a large share of the node's traffic stay literal beside it
// (/charges/summary next to /charges/{chargeId}). Promotion merges the
// words' subtrees into the variable, so templates merge when evidence shows
// two are one, and never split again on their own. The state is plain data
// (toJSON / fromJSON) so it can be kept between runs and updated incrementally.
import { classifySegment, parameterName, type SegmentClass, type SegmentKind } from "./segments";
import { shortHash } from "./fnv";

type MethodStats = { calls: number; found: number };

export type TemplateNode = {
  calls: number;
  literals: Record<string, TemplateNode>;
  variable: TemplateNode | null;
  /** The variable child's name, kind and why, set when it is created. */
  name?: string;
  kind?: SegmentKind;
  why?: string;
  /** Short hashes of the distinct values seen in the variable's place (at most 200 kept), and a few masked examples. */
  seen?: string[];
  examples?: string[];
  /** True once many distinct words were seen here: new words go to the variable. */
  promoted?: boolean;
  /**
   * After promotion, the most frequent words going to the variable (hashed,
   * Misra-Gries counters): a word that turns out to carry a large share of the
   * traffic (/users/me) becomes a literal from then on.
   */
  heavy?: Record<string, number>;
  /** Literal children a person (or a spec) said must stay literal. */
  pinned?: string[];
  /** The variable was declared by a person or a spec: busy words do not split out of it. */
  declared?: boolean;
  /** Reached only by calls answered 404 so far: a scanner's guess, not evidence that this place takes many values. */
  missOnly?: boolean;
  /** How many of its literal children are missOnly (bounded by MAX_MISS_WORDS). */
  misses?: number;
  /** Calls that ended at this node, per method. */
  ends: Record<string, MethodStats>;
};

export type TemplaterState = { hosts: Record<string, TemplateNode>; endpointsPerHost: Record<string, number> };

export type Endpoint = {
  host: string;
  method: string;
  template: string;
  calls: number;
  found: number;
  variables: VariableInfo[];
};
/** Why a place is variable; `distinct` counts up to 200 values. */
export type VariableInfo = {
  position: number;
  name: string;
  kind: SegmentKind;
  why: string;
  distinct: number;
  examples: string[];
};

export type TemplaterOptions = {
  /** Distinct words in one place before it is judged variable. */
  promoteAfter?: number;
  /** Share of a node's traffic a word needs to stay literal when its place is promoted. */
  keepLiteralShare?: number;
  /** Endpoints per host before new ones go to the overflow bucket. */
  maxEndpointsPerHost?: number;
};

const MAX_SEGMENTS = 24;
/** Distinct 404-only words kept per place (a scanner's word list); further guesses go to the bucket. */
const MAX_MISS_WORDS = 500;
const MAX_EXAMPLES = 5;
/** Where calls go that would make the inventory explode: too deep, too many endpoints. */
export const OVERFLOW_TEMPLATE = "/{unmatched}";

const PLACEHOLDER = /^\{[A-Za-z]\w*\}$/;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newNode = (): TemplateNode => ({ calls: 0, literals: {}, variable: null, ends: {} });

export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const s of path.split("/")) if (s) out.push(s);
  return out;
}

export class Templater {
  private readonly state: TemplaterState;
  private readonly promoteAfter: number;
  private readonly keepShare: number;
  private readonly maxEndpoints: number;

  constructor(options: TemplaterOptions = {}, state?: TemplaterState) {
    this.state = state ?? { hosts: {}, endpointsPerHost: {} };
    this.promoteAfter = options.promoteAfter ?? 20;
    this.keepShare = options.keepLiteralShare ?? 0.1;
    this.maxEndpoints = options.maxEndpointsPerHost ?? 2_000;
  }

  static fromJSON(state: TemplaterState, options?: TemplaterOptions): Templater {
    return new Templater(options, state);
  }

  toJSON(): TemplaterState {
    return this.state;
  }

  /**
   * Learns from one call (or `count` identical ones). `found` is false for
   * 404s: an endpoint only ever answered with 404 is scanner noise and stays
   * out of the inventory.
   */
  observe(host: string, method: string, path: string, options: { found?: boolean; count?: number } = {}): string {
    const count = options.count ?? 1;
    const segments = splitPath(path);
    let root = this.state.hosts[host];
    if (!root) root = this.state.hosts[host] = newNode();
    let node = root;
    node.calls += count;
    if (segments.length > MAX_SEGMENTS) {
      this.end(host, this.overflow(root), method, count, options.found);
      return OVERFLOW_TEMPLATE;
    }
    let previousLiteral: string | null = null;
    const parts: string[] = [];
    for (const segment of segments) {
      // Scanner words are kept apart, but only so many per place: past that, the guesses go to the host's bucket.
      if (
        options.found === false &&
        !node.promoted &&
        !node.literals[segment] &&
        (node.misses ?? 0) >= MAX_MISS_WORDS
      ) {
        this.end(host, this.overflow(root), method, count, false);
        return OVERFLOW_TEMPLATE;
      }
      const next = this.step(node, segment, previousLiteral, count, options.found !== false);
      const variable = next === node.variable;
      parts.push(variable ? `{${node.name}}` : segment);
      // A variable's place names nothing: the next variable after it is {id}.
      previousLiteral = variable ? null : segment;
      node = next;
    }
    return this.end(host, node, method, count, options.found) ? OVERFLOW_TEMPLATE : uniqueNames(`/${parts.join("/")}`);
  }

  /**
   * The template a path (or an older template: {name} segments follow the
   * variable) falls under now, without learning from it.
   */
  templateOf(host: string, path: string): string {
    if (path === OVERFLOW_TEMPLATE) return path;
    let node: TemplateNode | undefined = this.state.hosts[host];
    let previousLiteral: string | null = null;
    const parts: string[] = [];
    for (const segment of splitPath(path)) {
      if (PLACEHOLDER.test(segment) && node?.variable) {
        parts.push(`{${node.name}}`);
        node = node.variable;
        previousLiteral = null;
        continue;
      }
      const cls = classifySegment(segment);
      const pinned = node?.pinned?.includes(segment) ?? false;
      const toVariable = !pinned && (cls.variable || Boolean(node?.promoted && !node.literals[segment]));
      if (toVariable) {
        parts.push(`{${node?.variable ? node.name : parameterName(previousLiteral, cls.kind)}}`);
        node = node?.variable ?? undefined;
        previousLiteral = null;
      } else {
        parts.push(segment);
        node = node?.literals[segment];
        previousLiteral = segment;
      }
    }
    return uniqueNames(`/${parts.join("/")}`);
  }

  /** Every endpoint learnt so far (404-only ones and the overflow bucket excluded unless asked). */
  endpoints(options: { includeNotFound?: boolean } = {}): Endpoint[] {
    const out: Endpoint[] = [];
    for (const [host, root] of Object.entries(this.state.hosts)) {
      walk(root, [], [], (node, parts, variables) => {
        for (const [method, stats] of Object.entries(node.ends)) {
          if (stats.found === 0 && !options.includeNotFound) continue;
          out.push({
            host,
            method,
            template: uniqueNames(`/${parts.join("/")}`),
            calls: stats.calls,
            found: stats.found,
            variables,
          });
        }
      });
    }
    return out.sort((a, b) => cmp(a.host, b.host) || cmp(a.template, b.template) || cmp(a.method, b.method));
  }

  /** Keeps `literal` literal under the node at `prefix` (a template), even when its place is promoted. */
  pin(host: string, prefix: string, literal: string): void {
    let node = this.state.hosts[host];
    for (const part of splitPath(prefix)) {
      if (!node) return;
      node = /^\{.*\}$/.test(part) ? (node.variable ?? undefined) : node.literals[part];
    }
    if (!node) return;
    (node.pinned ??= []).includes(literal) || node.pinned.push(literal);
  }

  /**
   * Makes `template` a shape traffic follows from now on: its literal
   * segments are pinned, its {name} places become variables with that name
   * (words seen there so far merge into them) that busy words never split.
   * For a spec's paths and people's corrections; applying it again changes
   * nothing. Stored templates follow through templateOf.
   */
  declare(host: string, template: string, why: string): void {
    let node = (this.state.hosts[host] ??= newNode());
    for (const part of splitPath(template)) {
      const name = PLACEHOLDER.test(part) ? part.slice(1, -1) : null;
      if (name === null) {
        (node.pinned ??= []).includes(part) || node.pinned.push(part);
        node = node.literals[part] ??= newNode();
        continue;
      }
      if (!node.variable) Object.assign(node, { variable: newNode(), kind: "word", seen: [], examples: [] });
      Object.assign(node, { name, why, promoted: true, declared: true });
      // Words seen here that nobody pinned are values of the variable.
      for (const [word, child] of Object.entries(node.literals)) {
        if (node.pinned?.includes(word)) continue;
        delete node.literals[word];
        noteValue(node, word, classifySegment(word).kind);
        mergeInto(node.variable!, child);
      }
      node = node.variable!;
    }
  }

  /** Declares many templates (a spec's paths): every literal is pinned before any place is made variable. */
  declareAll(host: string, templates: string[], why: string): void {
    for (const template of templates) {
      let node = (this.state.hosts[host] ??= newNode());
      for (const part of splitPath(template)) {
        if (PLACEHOLDER.test(part)) {
          node =
            node.variable ??
            Object.assign(node, {
              variable: newNode(),
              name: part.slice(1, -1),
              kind: "word",
              why,
              seen: [],
              examples: [],
            }).variable!;
        } else {
          (node.pinned ??= []).includes(part) || node.pinned.push(part);
          node = node.literals[part] ??= newNode();
        }
      }
    }
    for (const template of templates) this.declare(host, template, why);
  }

  private step(
    node: TemplateNode,
    segment: string,
    previousLiteral: string | null,
    count: number,
    found: boolean,
  ): TemplateNode {
    const cls = classifySegment(segment);
    const pinned = node.pinned?.includes(segment) ?? false;
    let next: TemplateNode | undefined;
    if (
      !pinned &&
      !cls.variable &&
      node.promoted &&
      !node.declared &&
      !node.literals[segment] &&
      this.busyWord(node, segment, count)
    ) {
      node.literals[segment] = newNode();
    }
    if (!pinned && (cls.variable || (node.promoted && !node.literals[segment]))) {
      next = this.variableOf(node, previousLiteral, cls, segment);
    } else {
      next = node.literals[segment];
      // A word counts towards this place's distinct words once a call through it was answered: a scanner walking a
      // word list of 404s must not turn the root of a host into a variable.
      const counts = found && (!next || next.missOnly);
      if (!next) {
        next = node.literals[segment] = Object.assign(newNode(), found ? {} : { missOnly: true });
        if (!found) node.misses = (node.misses ?? 0) + 1;
      } else if (found && next.missOnly) {
        delete next.missOnly;
        node.misses = (node.misses ?? 1) - 1;
      }
      if (counts) {
        // Pinned words (a spec's, a person's) are known literals, not evidence of a variable place.
        if (!pinned && this.distinctWords(node) > this.promoteAfter) this.promote(node, previousLiteral);
        // Promotion may have merged the new child into the variable.
        next = node.literals[segment] ?? node.variable!;
      }
    }
    next.calls += count;
    return next;
  }

  /** The words seen in this place that count as evidence: answered at least once, and not pinned. */
  private distinctWords(node: TemplateNode): number {
    let n = 0;
    for (const [word, child] of Object.entries(node.literals)) if (!child.missOnly && !node.pinned?.includes(word)) n++;
    return n;
  }

  private variableOf(
    node: TemplateNode,
    previousLiteral: string | null,
    cls: SegmentClass,
    value: string,
  ): TemplateNode {
    if (!node.variable) {
      node.variable = newNode();
      node.name = parameterName(previousLiteral, cls.variable ? cls.kind : "word");
      node.kind = cls.variable ? cls.kind : "word";
      node.why = cls.variable ? cls.why : "many distinct values in this place";
      node.seen = [];
      node.examples = [];
    }
    noteValue(node, value, cls.kind);
    return node.variable;
  }

  /** Counts a word headed for a promoted variable; true when it has become a busy word of its own. */
  private busyWord(node: TemplateNode, word: string, count: number): boolean {
    const heavy = (node.heavy ??= {});
    const h = shortHash(word);
    if (heavy[h] !== undefined) heavy[h] += count;
    else if (Object.keys(heavy).length < HEAVY_COUNTERS) heavy[h] = count;
    else {
      for (const k of Object.keys(heavy)) if ((heavy[k]! -= count) <= 0) delete heavy[k];
      return false;
    }
    if (heavy[h]! >= BUSY_MIN_CALLS && heavy[h]! >= BUSY_SHARE * (node.variable?.calls ?? 0)) {
      delete heavy[h];
      return true;
    }
    return false;
  }

  /**
   * Many distinct words here: merge all but the busiest into the variable. A
   * word with a sub-tree of its own stays literal too (/charges/summary/daily
   * beside /charges/{chargeId}/refunds): values of a variable share their
   * sub-trees, a resource beside them does not.
   */
  private promote(node: TemplateNode, previousLiteral: string | null): void {
    node.promoted = true;
    const total = Object.values(node.literals).reduce((s, c) => s + c.calls, 0) + (node.variable?.calls ?? 0);
    const ownSubtree = wordsWithOwnSubtree(node);
    for (const [word, child] of Object.entries(node.literals)) {
      if (node.pinned?.includes(word)) continue;
      if (child.calls >= 5 && child.calls >= this.keepShare * total) continue;
      if (ownSubtree.has(word)) continue;
      delete node.literals[word];
      const target = this.variableOf(node, previousLiteral, classifySegment(word), word);
      mergeInto(target, child);
    }
    node.misses = Object.values(node.literals).filter((c) => c.missOnly).length;
  }

  private overflow(root: TemplateNode): TemplateNode {
    return (root.literals["{unmatched}"] ??= newNode());
  }

  /** Counts the call where it ended; true when it went to the overflow bucket instead. */
  private end(host: string, node: TemplateNode, method: string, count: number, found = true): boolean {
    let stats = node.ends[method];
    let overflowed = false;
    if (!stats) {
      const n = this.state.endpointsPerHost[host] ?? 0;
      if (n >= this.maxEndpoints) {
        node = this.overflow(this.state.hosts[host]!);
        overflowed = true;
      } else this.state.endpointsPerHost[host] = n + 1;
      stats = node.ends[method] ??= { calls: 0, found: 0 };
    }
    stats.calls += count;
    if (found) stats.found += count;
    return overflowed;
  }
}

/**
 * The words at this place (word-shaped, not id-shaped) under which a word
 * appears that appears under no other value of the place, nor under its
 * variable: their sub-tree is their own.
 */
function wordsWithOwnSubtree(node: TemplateNode): Set<string> {
  const under = new Map<string, number>();
  const note = (child: TemplateNode) => {
    for (const w of Object.keys(child.literals)) under.set(w, (under.get(w) ?? 0) + 1);
  };
  for (const child of Object.values(node.literals)) note(child);
  if (node.variable) note(node.variable);
  const own = new Set<string>();
  for (const [word, child] of Object.entries(node.literals)) {
    if (child.missOnly || classifySegment(word).kind !== "word") continue;
    if (Object.entries(child.literals).some(([w, c]) => !c.missOnly && under.get(w) === 1)) own.add(word);
  }
  return own;
}

const MAX_SEEN = 200;
const HEAVY_COUNTERS = 8;
/** A word splits out of a promoted variable after this many calls and this share of the variable's. */
const BUSY_MIN_CALLS = 50;
const BUSY_SHARE = 0.25;

/** Examples are shown to people: identifiers that are personal or secret keep only their shape. */
function maskExample(value: string, kind: SegmentKind): string {
  if (kind === "email") return value.replace(/^(.)[^@]*(@.*)$/, "$1***$2");
  if (kind === "hash" || value.length > 24) return `${value.slice(0, 6)}…`;
  return value;
}

function noteValue(node: TemplateNode, value: string, kind: SegmentKind): void {
  const seen = (node.seen ??= []);
  if (seen.length >= MAX_SEEN) return;
  const h = shortHash(value);
  if (seen.includes(h)) return;
  seen.push(h);
  if ((node.examples ??= []).length < MAX_EXAMPLES) node.examples.push(maskExample(value, kind));
}

function mergeInto(target: TemplateNode, source: TemplateNode): void {
  target.calls += source.calls;
  for (const [method, stats] of Object.entries(source.ends)) {
    const t = (target.ends[method] ??= { calls: 0, found: 0 });
    t.calls += stats.calls;
    t.found += stats.found;
  }
  for (const [word, child] of Object.entries(source.literals)) {
    if (target.literals[word]) mergeInto(target.literals[word]!, child);
    else target.literals[word] = child;
  }
  if (source.variable) {
    if (!target.variable) {
      target.variable = source.variable;
      target.name = source.name;
      target.kind = source.kind;
      target.why = source.why;
      target.seen = source.seen;
      target.examples = source.examples;
    } else {
      mergeInto(target.variable, source.variable);
      for (const h of source.seen ?? [])
        if ((target.seen ??= []).length < MAX_SEEN && !target.seen.includes(h)) target.seen.push(h);
      for (const e of source.examples ?? [])
        if ((target.examples ??= []).length < MAX_EXAMPLES && !target.examples.includes(e)) target.examples.push(e);
    }
  }
  if (source.promoted) target.promoted = true;
}

function walk(
  node: TemplateNode,
  parts: string[],
  variables: VariableInfo[],
  visit: (node: TemplateNode, parts: string[], variables: VariableInfo[]) => void,
): void {
  visit(node, parts, variables);
  for (const [word, child] of Object.entries(node.literals)) walk(child, [...parts, word], variables, visit);
  if (node.variable) {
    const info: VariableInfo = {
      position: parts.length,
      name: node.name!,
      kind: node.kind ?? "word",
      why: node.why ?? "",
      distinct: node.seen?.length ?? 0,
      examples: node.examples ?? [],
    };
    walk(node.variable, [...parts, `{${node.name}}`], [...variables, info], visit);
  }
}

/** {accountId}/…/{accountId} → {accountId}/…/{accountId2}: names in one template are unique. */
function uniqueNames(template: string): string {
  // Most templates have at most one variable: nothing to rename.
  if (template.indexOf("{") === template.lastIndexOf("{")) return template;
  const seen = new Map<string, number>();
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? `{${name}}` : `{${name}${n}}`;
  });
}
