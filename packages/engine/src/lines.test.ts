import { describe, expect, it } from "vitest";
import { createLineSplitter, escapeInvalidUtf8, type Line } from "./lines";

const enc = (s: string) => new TextEncoder().encode(s);

function splitAll(chunks: Uint8Array[], max?: number): Line[] {
  const splitter = createLineSplitter(max);
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
}

describe("line splitting", () => {
  it("joins lines cut across chunks, handles CRLF and a missing final newline", () => {
    const text = "first line\r\nsecond line\nthird";
    for (let cut = 1; cut < text.length; cut++) {
      const bytes = enc(text);
      expect(splitAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
        { text: "first line" },
        { text: "second line" },
        { text: "third" },
      ]);
    }
  });

  it("keeps multi-byte characters split across chunks", () => {
    const bytes = enc("café ☕\n");
    expect(splitAll([bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)])).toEqual([{ text: "café ☕" }]);
  });

  it("rejects a line over the limit without buffering it, and carries on", () => {
    const long = "x".repeat(100);
    const lines = splitAll([enc(`ok\n${long.slice(0, 30)}`), enc(long.slice(30)), enc("\nafter\n")], 50);
    expect(lines).toEqual([
      { text: "ok" },
      { rejected: "line_too_long", sample: `${"x".repeat(30)}…` },
      { text: "after" },
    ]);
  });

  it("keeps a line with bytes that are not UTF-8, each written as \\xNN as Apache logs them", () => {
    const bad = new Uint8Array([0x47, 0x45, 0x54, 0x20, 0xff, 0xfe, 0x0a]);
    expect(splitAll([enc("a\n"), bad, enc("b\n")])).toEqual([{ text: "a" }, { text: "GET \\xff\\xfe" }, { text: "b" }]);
  });

  it("escapes only the invalid bytes: valid characters, overlong forms, surrogates and cut sequences", () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    // é (C3 A9) kept; overlong "/" (C0 AF) and an encoded surrogate (ED A0 80) escaped byte by byte; a cut ☕ (E2 98) at the end.
    const line = Buffer.concat([
      enc("é"),
      bytes(0xc0, 0xaf),
      enc("x"),
      bytes(0xed, 0xa0, 0x80),
      enc("☕"),
      bytes(0xe2, 0x98),
    ]);
    expect(escapeInvalidUtf8(line)).toBe("é\\xc0\\xafx\\xed\\xa0\\x80☕\\xe2\\x98");
  });

  it("an empty stream has no lines", () => {
    expect(splitAll([])).toEqual([]);
    expect(splitAll([enc("")])).toEqual([]);
  });
});
