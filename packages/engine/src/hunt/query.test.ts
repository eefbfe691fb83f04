import { describe, expect, it } from "vitest";
import { type HuntNode, HuntQueryError, parseHunt } from "./query";

/** The tree without positions, as compact text: and(or(a,b),not(c)). */
function shape(node: HuntNode | null): string {
  if (!node) return "all";
  if (node.kind === "and" || node.kind === "or") return `${node.kind}(${shape(node.left)},${shape(node.right)})`;
  if (node.kind === "not") return `not(${shape(node.node)})`;
  if (node.kind !== "term") throw new Error("unreachable");
  const value = node.op === "range" ? JSON.stringify(node.range) : node.value;
  return `${node.field ?? "*"}${node.op}${value}${node.wildcard ? "~" : ""}`;
}
const where = (q: string) => shape(parseHunt(q).where);
function failure(q: string): HuntQueryError {
  try {
    parseHunt(q);
  } catch (e) {
    if (e instanceof HuntQueryError) return e;
    throw e;
  }
  throw new Error(`"${q}" parsed`);
}

describe("the hunt query language", () => {
  it("reads the issue's own example: quoted names, comparisons, a path with a wildcard", () => {
    expect(where('actor:"user 20133" AND status:>=400 AND path:/v1/users/*')).toBe(
      "and(and(actor=user 20133,status>=400~),path=/v1/users/*~)",
    );
  });
  it("reads every comparison and both kinds of range", () => {
    expect(where("status:500")).toBe("status=500~");
    expect(where("status:=500 bytes:>10 bytes:>=11 latency:<5 latency:<=6")).toBe(
      "and(and(and(and(status=500~,bytes>10~),bytes>=11~),latency<5~),latency<=6~)",
    );
    expect(where("status:[400 TO 499]")).toBe(
      'status=range{"max":499,"maxInclusive":true,"min":400,"minInclusive":true}'.replace("=range", "range"),
    );
    expect(where("bytes:{0 TO 100}")).toContain('"minInclusive":false');
  });
  it("keeps values as typed: leading zeros, words liqe would turn into booleans", () => {
    expect(where("status:0200")).toBe("status=0200~");
    expect(where("ua:true")).toBe("ua=true~");
  });
  it("reads AND, OR, NOT, -, parentheses and the implicit AND", () => {
    // AND before OR, as in KQL and SQL (liqe alone reads left to right).
    expect(where("a:1 OR b:2 c:3")).toBe("or(a=1~,and(b=2~,c=3~))");
    expect(where("a:1 AND b:2 OR c:3 AND d:4")).toBe("or(and(a=1~,b=2~),and(c=3~,d=4~))");
    expect(where("a:1 OR b:2 OR c:3")).toBe("or(or(a=1~,b=2~),c=3~)");
    expect(where("(a:1 OR b:2) AND NOT c:3")).toBe("and(or(a=1~,b=2~),not(c=3~))");
    expect(where("-status:200 -path:/health")).toBe("and(not(status=200~),not(path=/health~))");
  });
  it("reads paths, ranges and IPv6 addresses as values, with their wildcards", () => {
    expect(where("ip:203.0.113.0/24")).toBe("ip=203.0.113.0/24~");
    expect(where("ip:2001:db8::1")).toBe("ip=2001:db8::1~");
    expect(where("host:api.example.com path:/login")).toBe("and(host=api.example.com~,path=/login~)");
    expect(where("/admin/*")).toBe("*=/admin/*~");
    expect(where('path:"/a*b"')).toBe("path=/a*b");
    expect(where("path:/a\\b")).toBe("path=/a\\b~");
  });
  it("lower-cases field names and reads free text, quoted or not", () => {
    expect(where("Status:404 sqlmap")).toBe("and(status=404~,*=sqlmap~)");
    expect(where('"union select"')).toBe("*=union select");
  });
  it("matches everything when empty", () => {
    expect(parseHunt("   ")).toEqual({ where: null, pipe: null });
  });
  it("reads a stats pipe, with or without fields to group by", () => {
    expect(parseHunt("status:>=500 | stats count() by path, Status").pipe).toEqual({
      stats: { by: ["path", "status"], at: 15 },
    });
    expect(parseHunt("| stats count()")).toEqual({ where: null, pipe: { stats: { by: [], at: 2 } } });
    // A "|" inside quotes is a value.
    expect(parseHunt('ua:"a|b"').pipe).toBeNull();
  });
  it("says where a query cannot be read, in the text as typed", () => {
    const e = failure("path:/v1/users AND OR status:500");
    expect(e.position).toBe(19);
    expect(e.message).toMatch(/position 20 \("OR status:50"\)/);
    expect(failure("status:>=").message).toMatch(/status:>= needs a value/);
    expect(failure("(a:1 OR b:2").message).toMatch(/closing parenthesis/);
    expect(failure('ua:"unterminated').message).toMatch(/closing quote/);
    expect(failure("path:/x | sort path").message).toMatch(/stats count\(\)/);
    expect(failure("| stats count() by a, b, c, d").message).toMatch(/at most three/);
    expect(failure("x".repeat(2_001)).message).toMatch(/at most 2000/);
  });
  it("turns hostile text into values, never into structure", () => {
    // Quotes, semicolons and comments are just characters of a value; the compiler binds them as parameters.
    expect(where('path:"\'; DROP TABLE alerts; --"')).toBe("path='; DROP TABLE alerts; --");
    expect(failure("ua:\u0000x")).toMatchObject({ position: 3, message: "The query holds a NUL character." });
  });
});
