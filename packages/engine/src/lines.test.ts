import { describe, expect, it } from "vitest";
import { createLineSplitter, type Line } from "./lines";

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
      expect(splitAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([{ text: "first line" }, { text: "second line" }, { text: "third" }]);
    }
  });

  it("keeps multi-byte characters split across chunks", () => {
    const bytes = enc("café ☕\n");
    expect(splitAll([bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)])).toEqual([{ text: "café ☕" }]);
  });

  it("rejects a line over the limit without buffering it, and carries on", () => {
    const long = "x".repeat(100);
    const lines = splitAll([enc(`ok\n${long.slice(0, 30)}`), enc(long.slice(30)), enc("\nafter\n")], 50);
    expect(lines).toEqual([{ text: "ok" }, { rejected: "line_too_long", sample: `${"x".repeat(30)}…` }, { text: "after" }]);
  });

  it("rejects only the line with invalid UTF-8", () => {
    const bad = new Uint8Array([0x47, 0x45, 0x54, 0x20, 0xff, 0xfe, 0x0a]);
    expect(splitAll([enc("a\n"), bad, enc("b\n")])).toEqual([{ text: "a" }, { rejected: "invalid_utf8", sample: "GET \ufffd\ufffd" }, { text: "b" }]);
  });

  it("an empty stream has no lines", () => {
    expect(splitAll([])).toEqual([]);
    expect(splitAll([enc("")])).toEqual([]);
  });
});
