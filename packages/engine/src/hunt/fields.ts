// The fields a hunt can search, and nothing else: each maps to one column
// (or one lookup) of the stored requests. The compiler refuses any other
// name, the dashboard completes these, and the docs list them from here.

export type HuntFieldType =
  /** Text compared exactly, or with * and ? wildcards. */
  | "text"
  /** A short code compared without case: GET, US, h2. */
  | "keyword"
  | "number"
  /** An address, a range (203.0.113.0/24) or octets with a wildcard (203.0.113.*). */
  | "ip"
  | "boolean"
  /** A caller Lantern knows, by its name or key; its linked credentials and addresses come with it. */
  | "actor"
  /** An inventory endpoint ("GET api.example.com/users/{id}"): the paths its template matches. */
  | "endpoint"
  /** A person's name from the credentials (JWT subject, Basic or remote user, gateway consumer). */
  | "user"
  /** The kind of credential a request carried (api_key, jwt_sub…), or none. */
  | "auth"
  /** A sensitive data type seen in the request or its answer. */
  | "sensitive"
  /** A query parameter's name. */
  | "param";

export type HuntField = {
  name: string;
  type: HuntFieldType;
  about: string;
  aliases?: string[];
  /** An example value, for the completion list and the docs. */
  example: string;
  /** Text fields where case does not matter (hosts, user agents). */
  caseless?: boolean;
};

export const HUNT_FIELDS: readonly HuntField[] = [
  { name: "actor", type: "actor", about: "A caller, as Lantern names it", example: '"user alice"' },
  { name: "ip", type: "ip", about: "The client's address or a range", aliases: ["address"], example: "203.0.113.0/24" },
  { name: "country", type: "keyword", about: "The address's country (two letters)", example: "NL" },
  { name: "method", type: "keyword", about: "The HTTP method", example: "POST" },
  {
    name: "host",
    type: "text",
    about: "The service called",
    aliases: ["service"],
    example: "api.example.com",
    caseless: true,
  },
  { name: "path", type: "text", about: "The path, without the query string", example: "/v1/users/*" },
  {
    name: "endpoint",
    type: "endpoint",
    about: "An endpoint of the inventory",
    example: '"GET api.example.com/users/{id}"',
  },
  { name: "status", type: "number", about: "The answer's status", example: ">=500" },
  { name: "bytes", type: "number", about: "Bytes in the answer", example: ">1000000" },
  { name: "request_bytes", type: "number", about: "Bytes in the request", example: ">10000" },
  { name: "latency", type: "number", about: "Milliseconds to answer", example: ">2000" },
  { name: "ua", type: "text", about: "The user agent", aliases: ["user_agent"], example: "*sqlmap*", caseless: true },
  { name: "referer", type: "text", about: "The referring page", example: "*evil.example*", caseless: true },
  { name: "user", type: "user", about: "A person named by the credentials", example: "alice" },
  { name: "auth", type: "auth", about: "The kind of credential sent, or none", example: "none" },
  { name: "param", type: "param", about: "A query parameter's name", example: "api_key" },
  { name: "sensitive", type: "sensitive", about: "Sensitive data seen (email, card, ssn…)", example: "card" },
  { name: "secret_in_url", type: "boolean", about: "A credential was in the URL", example: "true" },
  { name: "scheme", type: "keyword", about: "http or https", example: "http" },
  { name: "protocol", type: "keyword", about: "The HTTP version", example: "HTTP/1.0" },
  { name: "tls", type: "keyword", about: "The TLS version", example: "TLSv1" },
];

const BY_NAME = new Map(
  HUNT_FIELDS.flatMap((f) => [[f.name, f] as const, ...(f.aliases ?? []).map((a) => [a, f] as const)]),
);

/** The field a name (or alias) stands for; undefined for a name outside the list. */
export const huntField = (name: string): HuntField | undefined => BY_NAME.get(name.toLowerCase());

/** Fields a stats pipe can group by and the facets the results show. */
export const GROUPABLE = ["actor", "ip", "country", "method", "host", "path", "endpoint", "status", "ua"] as const;
export type Groupable = (typeof GROUPABLE)[number];
