// The compiler's SQL for each field type and operator, without a database:
// field names map to fixed columns, every value is a bound parameter, and
// what is not allowed says so with the term's position.
import { HuntQueryError, parseHunt } from "@lantern/engine/hunt/query";
import { describe, expect, it } from "vitest";
import { compileHunt, type HuntLookups, likePattern } from "./compile";

const lookups: HuntLookups = {
  actor: async (value) =>
    value === "user alice"
      ? {
          keys: ["jwt_sub:alice", "bearer:abc123", "ip:203.0.113.9"],
          hours: [{ from: new Date("2026-11-20T10:00:00Z"), to: new Date("2026-11-20T12:00:00Z") }],
        }
      : value === "busy bot"
        ? { keys: ["api_key:k1"], hours: null }
        : { keys: [], hours: [] },
  endpoints: async (value) =>
    value.startsWith("GET api.example.com/users")
      ? [{ method: "GET", host: "api.example.com", template: "/users/{id}" }]
      : [],
};

async function sql(q: string) {
  const compiled = await compileHunt(parseHunt(q).where, lookups);
  return { text: compiled.text.replace(/\s+/g, " "), values: compiled.values };
}
async function refused(q: string): Promise<HuntQueryError> {
  const e = await compileHunt(parseHunt(q).where, lookups).catch((error: unknown) => error);
  if (!(e instanceof HuntQueryError)) throw new Error(`"${q}" compiled`);
  return e;
}

describe("the hunt compiler", () => {
  it("matches everything without a query, and wraps terms under NOT so it keeps empty columns", async () => {
    expect((await sql("")).text).toBe("true");
    expect(await sql("NOT ua:curl*")).toEqual({
      text: "NOT coalesce(user_agent ILIKE $1, false)",
      values: ["curl%"],
    });
    // Under NOT every term is wrapped; outside it none is (a wrapped term cannot use an index).
    expect((await sql("status:500 NOT (ua:curl* OR path:/x)")).text).toBe(
      "(status = $1 AND NOT (coalesce(user_agent ILIKE $2, false) OR coalesce(path = $3, false)))",
    );
  });
  it("compares numbers with every operator, ranges and digit wildcards", async () => {
    expect(await sql("status:404")).toEqual({ text: "status = $1", values: [404] });
    expect((await sql("status:>=500")).text).toContain("status >= $1");
    expect((await sql("latency:<2.5")).text).toContain("latency_ms < $1");
    expect(await sql("bytes:[100 TO 200}")).toEqual({
      text: "(response_bytes >= $1 AND response_bytes < $2)",
      values: [100, 200],
    });
    expect(await sql("status:5*")).toEqual({ text: "status::text LIKE $1", values: ["5%"] });
    expect((await refused("status:teapot")).message).toMatch(/status takes a number/);
  });
  it("matches text exactly, or with wildcards, with LIKE's own characters escaped", async () => {
    expect(await sql("path:/v1/users/*")).toEqual({ text: "path LIKE $1", values: ["/v1/users/%"] });
    expect(await sql('path:"/v1/users/*"')).toEqual({ text: "path = $1", values: ["/v1/users/*"] });
    expect(await sql("host:API.Example.com")).toEqual({
      text: "lower(coalesce(host, service, (SELECT u.source FROM uploads u WHERE u.id = upload_id))) = $1",
      values: ["api.example.com"],
    });
    expect(likePattern("100%_off\\*?")).toBe("100\\%\\_off\\\\%_");
    expect(await sql("method:post")).toEqual({ text: "lower(method) = $1", values: ["post"] });
    expect((await sql("ua:*")).text).toBe("user_agent IS NOT NULL");
    expect((await refused("path:>/a")).message).toMatch(/path is compared with ":" only/);
  });
  it("matches addresses, ranges and octet wildcards, and refuses what is none", async () => {
    expect(await sql("ip:203.0.113.7")).toEqual({
      text: "client_ip = $1::inet",
      values: ["203.0.113.7"],
    });
    expect((await sql("ip:203.0.113.0/24")).text).toBe(
      "(client_ip >= host(network($1::inet))::inet AND client_ip <= host(broadcast($2::inet))::inet)",
    );
    expect((await sql("ip:10.*")).values).toEqual(["10.0.0.0/8", "10.0.0.0/8"]);
    expect((await sql("address:2001:db8::1")).values).toEqual(["2001:db8::1"]);
    expect((await refused("ip:evil")).message).toMatch(/is not an address/);
    expect((await refused("ip:1.2.3.4/99")).message).toMatch(/not an address range/);
  });
  it("finds an actor's requests by their own key: its identity, linked credentials and addresses", async () => {
    // Only the hours it was active are read; the keys decide within them.
    expect(await sql('actor:"user alice"')).toEqual({
      text: "(((ts >= $1 AND ts < $2)) AND (actor_key = ANY($3::text[]) OR (actor_key IS NULL AND client_ip = ANY($4::inet[]))))",
      values: [
        new Date("2026-11-20T10:00:00Z"),
        new Date("2026-11-20T12:00:00Z"),
        ["jwt_sub:alice", "bearer:abc123"],
        ["203.0.113.9"],
      ],
    });
    // Active in too many hours to narrow by: the keys alone.
    expect((await sql('actor:"busy bot"')).text).toBe("(actor_key = ANY($1::text[]))");
    expect((await sql("actor:nobody")).text).toBe("false");
  });
  it("finds an endpoint's requests by its template", async () => {
    expect(await sql('endpoint:"GET api.example.com/users/{id}"')).toEqual({
      text: "((method = $1 AND coalesce(host, service, (SELECT u.source FROM uploads u WHERE u.id = upload_id)) = $2 AND path ~ $3))",
      values: ["GET", "api.example.com", "^/users/[^/]+$"],
    });
  });
  it("searches users, credentials, parameters, sensitive data and flags", async () => {
    expect((await sql("user:alice")).values).toEqual([
      ["jwt_sub:alice", "basic_user:alice", "remote_user:alice", "consumer:alice"],
    ]);
    expect((await sql("auth:none")).text).toContain("coalesce(jsonb_array_length(identities), 0) = 0");
    expect((await sql("auth:api_key")).values).toEqual([JSON.stringify([{ kind: "api_key" }])]);
    expect((await sql("param:token")).values).toEqual([JSON.stringify([{ name: "token" }])]);
    expect(await sql("sensitive:card")).toEqual({ text: "$1 = ANY(sensitive)", values: ["card"] });
    expect((await sql("secret_in_url:true")).values).toEqual([true]);
    expect((await refused("secret_in_url:maybe")).message).toMatch(/true or false/);
  });
  it("searches free text in the path, host, user agent and referer", async () => {
    expect(await sql("sqlmap")).toEqual({
      text: "(path ILIKE $1 OR coalesce(host, service, (SELECT u.source FROM uploads u WHERE u.id = upload_id)) ILIKE $2 OR user_agent ILIKE $3 OR referer ILIKE $4)",
      values: ["%sqlmap%", "%sqlmap%", "%sqlmap%", "%sqlmap%"],
    });
  });
  it("refuses fields outside the list, at their position", async () => {
    const e = await refused("status:200 AND password:hunter2");
    expect(e.position).toBe(15);
    expect(e.message).toMatch(/There is no field "password"/);
    // Column names are never taken from the query, even one that exists in the table.
    expect((await refused("tenant_id:other")).message).toMatch(/no field "tenant_id"/);
  });
  it("binds hostile values as parameters: nothing from the query reaches the SQL text", async () => {
    for (const q of [
      'path:"\'; DROP TABLE alerts; --"',
      'ua:"\') OR 1=1 --"',
      "host:\"x' OR tenant_id <> '\"",
      '"$1 OR true"',
    ]) {
      const { text, values } = await sql(q);
      expect(text).not.toMatch(/DROP|1=1|tenant_id|OR true/);
      expect(values.length).toBeGreaterThan(0);
    }
  });
});
