import { describe, expect, it } from "vitest";
import { huntTerm } from "@lantern/engine/hunt/query";
import { applySuggestion, huntHref, suggest, withTerm, wordAt } from "./hunt-suggest";

const fields = [
  { name: "status", about: "The answer's status" },
  { name: "sensitive", about: "Sensitive data seen" },
  { name: "ua", about: "The user agent", aliases: ["user_agent"] },
];
const values = {
  ua: [
    { value: "sqlmap/1.7", query: 'ua:"sqlmap/1.7"' },
    { value: "curl/8", query: 'ua:"curl/8"' },
  ],
};

describe("hunt completion", () => {
  it("completes field names, aliases included, from the word at the caret", () => {
    expect(suggest("path:/x AND s", 13, fields, values).map((s) => s.label)).toEqual(["status:", "sensitive:"]);
    expect(suggest("user_", 5, fields, values).map((s) => s.label)).toEqual(["ua:"]);
    expect(suggest("-st", 3, fields, values).map((s) => s.label)).toEqual(["status:"]);
    expect(suggest("", 0, fields, values)).toEqual([]);
  });
  it("completes values after field: from what the results hold", () => {
    expect(suggest("ua:sq", 5, fields, values).map((s) => s.insert)).toEqual(['ua:"sqlmap/1.7"']);
    expect(suggest('ua:"c', 5, fields, values).map((s) => s.insert)).toEqual(['ua:"curl/8"']);
  });
  it("replaces only the word at the caret", () => {
    expect(wordAt("a:1 (sta", 8)).toEqual({ start: 5, word: "sta" });
    expect(applySuggestion("a:1 (sta) b:2", 8, "status:")).toEqual({ text: "a:1 (status:) b:2", caret: 12 });
  });
  it("adds a pivot's term to the query, keeping ORs together and the pipe last", () => {
    expect(withTerm("", "ip:203.0.113.9")).toBe("ip:203.0.113.9");
    expect(withTerm("status:>=400", "ip:203.0.113.9")).toBe("status:>=400 AND ip:203.0.113.9");
    expect(withTerm("a:1 OR b:2", "c:3", true)).toBe("(a:1 OR b:2) AND NOT c:3");
    expect(withTerm("a:1 | stats count() by path", "c:3")).toBe("a:1 AND c:3 | stats count() by path");
    expect(withTerm('ua:"a|b"', "c:3")).toBe('ua:"a|b" AND c:3');
  });
});

describe("links into Hunt", () => {
  it("quotes what is not a plain word and widens the range by a minute each side", () => {
    expect(huntTerm("actor", "user alice")).toBe('actor:"user alice"');
    expect(huntTerm("ip", "203.0.113.9")).toBe("ip:203.0.113.9");
    expect(huntTerm("endpoint", 'GET a/"x"')).toBe('endpoint:"GET a/\\"x\\""');
    expect(huntHref("ip:1.2.3.4", "2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00.000Z")).toBe(
      "/hunt?q=ip%3A1.2.3.4&from=2026-11-20T09%3A59%3A00.000Z&to=2026-11-20T11%3A01%3A00.000Z",
    );
  });
});
