// A workspace's block list written the ways gateways read one: plain text
// (one range per line, for firewalls and scripts), an nginx include, a
// HAProxy map and Kong's ip-restriction deny list. Lantern sees logs, not
// live traffic, so it enforces through what the customer already runs.
//
// Each format carries what its gateway can match: every gateway matches
// address ranges; nginx also matches the user name of HTTP Basic (its
// $remote_user); Kong also matches its consumers. API keys and tokens are
// known to Lantern only by a keyed hash, which no gateway can compute
// unaided: the formats count them in a comment and the JSON feed lists them
// for whoever revokes keys.

export type FeedEntry = {
  kind: string;
  value: string;
  label: string;
  reason: string;
  expiresAt: Date | null;
};

export const FEED_FORMATS = ["text", "json", "nginx", "haproxy", "kong"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** `list`: the block list (refuse) or the rate-limit list (slow down); nginx names its variables after it. */
export type FeedHeader = { workspace: string; list: "block" | "rate-limit"; cursor: string; generatedAt: Date };

/** A range as the database wrote it (canonical CIDR); anything else is never written into a gateway's file. */
const isRange = (e: FeedEntry) => e.kind === "cidr" && /^[0-9a-f:.]{2,39}\/\d{1,3}$/i.test(e.value);
/** Identity kinds a gateway reads as a user name: HTTP Basic and server-authenticated users. */
const isUserName = (e: FeedEntry) => e.kind === "basic_user" || e.kind === "remote_user";
const isConsumer = (e: FeedEntry) => e.kind === "consumer";

/** A value inside double quotes in an nginx or HAProxy file: only characters a name can hold, nothing that ends the string. */
const SAFE_NAME = /^[\w.@+=:-]{1,256}$/;

function comments(h: FeedHeader, entries: FeedEntry[], matched: FeedEntry[], prefix = "#"): string[] {
  const unmatched = entries.length - matched.length;
  return [
    `${prefix} Lantern ${h.list} list of workspace "${h.workspace.replace(/[\r\n]/g, " ")}", ${h.generatedAt.toISOString()}, cursor ${h.cursor}`,
    `${prefix} ${matched.length} entries enforceable here${unmatched ? `; ${unmatched} more (API keys, tokens, users this gateway cannot name) are in the JSON feed` : ""}.`,
  ];
}

/** One address range per line. */
function text(h: FeedHeader, entries: FeedEntry[]): string {
  const ranges = entries.filter(isRange);
  return `${[...comments(h, entries, ranges), ...ranges.map((e) => e.value)].join("\n")}\n`;
}

/**
 * An include for nginx's http {} context. For the block list it sets
 * $lantern_blocked to 1 for a blocked address or Basic user, and a server or
 * location says `if ($lantern_blocked) { return 403; }`; the rate-limit list
 * sets $lantern_limited, for a `limit_req_zone` keyed on it. Behind a load
 * balancer, set real_ip_header first so $remote_addr is the client.
 */
function nginx(h: FeedHeader, entries: FeedEntry[]): string {
  const name = h.list === "block" ? "lantern_blocked" : "lantern_limited";
  const ranges = entries.filter(isRange);
  const users = entries.filter((e) => isUserName(e) && SAFE_NAME.test(e.value));
  return [
    ...comments(h, entries, [...ranges, ...users]),
    `geo $remote_addr $${name}_address {`,
    "    default 0;",
    ...ranges.map((e) => `    ${e.value} 1;`),
    "}",
    `map $remote_user $${name}_user {`,
    "    default 0;",
    ...users.map((e) => `    "${e.value}" 1;`),
    "}",
    `map "$${name}_address$${name}_user" $${name} {`,
    '    "00" 0;',
    "    default 1;",
    "}",
    "",
  ].join("\n");
}

/** A HAProxy map file: `http-request deny if { src,map_ip(/etc/haproxy/lantern.map) -m found }`. */
function haproxy(h: FeedHeader, entries: FeedEntry[]): string {
  const ranges = entries.filter(isRange);
  return `${[...comments(h, entries, ranges), ...ranges.map((e) => `${e.value} blocked`)].join("\n")}\n`;
}

/** Kong: the ip-restriction plugin's deny list, and the consumers to refuse (request-termination per consumer). */
function kong(h: FeedHeader, entries: FeedEntry[]) {
  const ranges = entries.filter(isRange);
  const consumers = entries.filter(isConsumer);
  return {
    comment: comments(h, entries, [...ranges, ...consumers], "").map((line) => line.trim()),
    name: "ip-restriction",
    config: { deny: ranges.map((e) => e.value), status: 403, message: "Blocked by the API's security team" },
    consumers: consumers.map((e) => e.value),
  };
}

const entryJson = (e: FeedEntry) => ({
  kind: e.kind,
  value: e.value,
  label: e.label,
  reason: e.reason,
  expiresAt: e.expiresAt?.toISOString() ?? null,
});

/** The whole list, or (with `removed`) the changes since a cursor: what to add and what to take out. */
function json(h: FeedHeader, entries: FeedEntry[], removed?: FeedEntry[]) {
  return {
    workspace: h.workspace,
    cursor: h.cursor,
    generatedAt: h.generatedAt.toISOString(),
    ...(removed ? { changes: true, added: entries.map(entryJson), removed: removed.map(entryJson) } : {}),
    ...(removed ? {} : { entries: entries.map(entryJson) }),
  };
}

/** The list in a format, with its content type; `removed` (changes since a cursor) only in JSON. */
export function renderFeed(format: FeedFormat, h: FeedHeader, entries: FeedEntry[], removed?: FeedEntry[]) {
  switch (format) {
    case "text":
      return { contentType: "text/plain; charset=utf-8", body: text(h, entries) };
    case "nginx":
      return { contentType: "text/plain; charset=utf-8", body: nginx(h, entries) };
    case "haproxy":
      return { contentType: "text/plain; charset=utf-8", body: haproxy(h, entries) };
    case "kong":
      return { contentType: "application/json", body: `${JSON.stringify(kong(h, entries), null, 2)}\n` };
    case "json":
      return { contentType: "application/json", body: `${JSON.stringify(json(h, entries, removed), null, 2)}\n` };
  }
}
