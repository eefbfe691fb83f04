import { describe, expect, it } from "vitest";
import { emptyRecord, type RawRecord } from "../formats/record";
import { normalizeRecord } from "./event";
import { visibleDeep, visibleText } from "./visible-text";

/** What Postgres refuses in text or jsonb: NUL anywhere, and lone surrogates (as JSON escapes). */
const UNSTORABLE = /\u0000|\\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("visible text", () => {
  it("shows control characters as control pictures and lone surrogates as U+FFFD", () => {
    expect(visibleText("/etc/passwd\u0000.jpg")).toBe("/etc/passwd␀.jpg");
    expect(visibleText("a\tb\nc\rd\u001b[31m\u007f")).toBe("a␉b␊c␍d␛[31m␡");
    expect(visibleText("x\ud800y\udc00z")).toBe("x\ufffdy\ufffdz");
    // C1 controls have no picture: Apache's \x90, read by the parser as U+0090, shows as \x90 again.
    expect(visibleText("/\u0090\u0002±")).toBe("/\\x90␂±");
  });

  it("leaves ordinary text, emoji and a literal backslash-zero alone", () => {
    for (const text of ["/v1/users/42", "café ☕ 😀", "C:\\0 is not NUL", ""]) expect(visibleText(text)).toBe(text);
  });

  it("returns the very same object when nothing needed replacing", () => {
    const params = [{ name: "page", value: "2" }];
    expect(visibleDeep(params)).toBe(params);
    const hostile = [
      { name: "file", value: "passwd\u0000" },
      { name: "ok", value: "1" },
    ];
    const clean = visibleDeep(hostile);
    expect(clean).toEqual([
      { name: "file", value: "passwd␀" },
      { name: "ok", value: "1" },
    ]);
    expect(clean[1]).toBe(hostile[1]);
  });
});

describe("a record with NUL in every field that can carry one", () => {
  const nul = "\u0000";
  const record: RawRecord = {
    ...emptyRecord(),
    time: Date.parse("2026-11-22T10:00:00Z"),
    method: `GET${nul}`,
    scheme: `https${nul}`,
    host: `api${nul}.example`,
    path: `/etc/passwd${nul}/x\ud800`,
    query: `file=..%2F..%2Fetc%2Fpasswd%00&n%00ame=v&api_key=k${nul}1234567890abcdef`,
    protocol: `HTTP/1.1${nul}`,
    userAgent: `Nikto${nul}/1.32`,
    referer: `https://evil${nul}.example/`,
    headers: {
      "x-api-key": `key${nul}abcdef0123456789`,
      authorization: `Basic ${Buffer.from(`ro${nul}ot:pw`).toString("base64")}`,
    },
    claims: { org_id: `org${nul}7` },
    consumer: `partner${nul}`,
    service: `svc${nul}`,
    upstream: `10.0.0.1:80${nul}`,
    requestId: `req${nul}1`,
  };

  it("normalises to an event with nothing Postgres would refuse, the NULs shown as ␀", () => {
    const result = normalizeRecord(record, { tenantKey: "k" });
    if (!result.ok) throw new Error(result.reason);
    const e = result.event;
    expect(UNSTORABLE.test(JSON.stringify(e))).toBe(false);
    expect(e.path).toBe("/etc/passwd␀/x\ufffd");
    expect(e.query).toContainEqual({ name: "file", value: "../../etc/passwd␀" });
    expect(e.query.map((q) => q.name)).toContain("n␀ame");
    expect(e.userAgent).toBe("Nikto␀/1.32");
    expect(e.identities).toContainEqual(expect.objectContaining({ kind: "basic_user", value: "ro␀ot" }));
    expect(e.entities).toEqual([{ name: "org_id", value: "org␀7" }]);
  });

  it("numbers no column can hold, or no request can have, are dropped rather than failing the batch", () => {
    const result = normalizeRecord(
      {
        ...record,
        status: 70_000,
        requestBytes: -5,
        responseBytes: 1e300,
        latencyMs: Number.POSITIVE_INFINITY,
        peerIp: "fe80::1%eth0",
      },
      { tenantKey: "k" },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({
      status: null,
      requestBytes: null,
      responseBytes: null,
      latencyMs: null,
      peerIp: "fe80::1",
    });
  });

  it("a time no real log has is a rejected line, not a partition in the year 275760", () => {
    expect(normalizeRecord({ ...record, time: 8.64e15 }, { tenantKey: "k" })).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
    expect(normalizeRecord({ ...record, time: Number.NaN }, { tenantKey: "k" })).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
  });
});
