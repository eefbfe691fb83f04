// Hunting on the real database: a query's histogram, rows, facets and stats
// over two workspaces' stored requests; an actor's requests include the
// anonymous calls from the address linked to it; and nothing of the other
// workspace ever comes back, whatever the query says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { huntExport } from "./export";
import { huntFacets, huntStats } from "./groups";
import { huntExtent, huntHistogram, huntRows } from "./search";

const line = (ip: string, user: string, minute: number, request: string, status: number, ua = "app/1.0") =>
  `${ip} - ${user} [20/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000] "${request} HTTP/1.1" ${status} 100 "-" "${ua}"`;

/** Alice signs in from her address (then calls anonymously from it), a scanner probes, a few others browse. */
const OURS = [
  ...Array.from({ length: 10 }, (_, i) => line("198.51.100.1", "alice", i, `GET /api/orders/${i + 1}`, 200)),
  line("198.51.100.1", "-", 11, "GET /api/catalogue", 200),
  line("198.51.100.1", "-", 12, "GET /api/catalogue", 200),
  ...Array.from({ length: 20 }, (_, i) => line("203.0.113.66", "-", 20 + i, `GET /admin/${i}.php`, 404, "sqlmap/1.7")),
  ...Array.from({ length: 6 }, (_, i) => line(`192.0.2.${i + 1}`, "-", 45 + i, "GET /api/catalogue", 200)),
];
const THEIRS = Array.from({ length: 5 }, (_, i) => line("198.51.100.1", "alice", i, "GET /secret-b", 500));

describe("hunting", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let ours: string;
  const range = { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    ours = await testWorkspace(ctx, "Hunters");
    await analyseLines(ctx, ours, OURS);
    const theirs = await testWorkspace(ctx, "Others");
    await analyseLines(ctx, theirs, THEIRS);
  });
  afterAll(() => drop());

  it("counts the matches over time, and says how far back the data goes", async () => {
    const all = await huntHistogram(ctx, ours, { ...range, q: "" });
    expect(all.total).toBe(OURS.length);
    // A day is 15-minute bars; the traffic sits in 10:00–10:59.
    expect(all.bucketMs).toBe(900_000);
    expect(all.buckets.map((b) => b.at)).toEqual([
      "2026-11-20T10:00:00.000Z",
      "2026-11-20T10:15:00.000Z",
      "2026-11-20T10:30:00.000Z",
      "2026-11-20T10:45:00.000Z",
    ]);
    expect(await huntExtent(ctx, ours)).toEqual({
      oldest: "2026-11-20T10:00:00.000Z",
      newest: "2026-11-20T10:50:00.000Z",
      retentionDays: 30,
    });
    const scan = await huntHistogram(ctx, ours, { ...range, q: "status:404 AND ua:sqlmap*" });
    expect(scan.total).toBe(20);
    expect(scan.buckets.reduce((n, b) => n + b.errors, 0)).toBe(20);
  });

  it("lists the newest matching requests with the actor each belongs to", async () => {
    const rows = await huntRows(ctx, ours, { ...range, q: "path:/admin/* status:>=400", limit: 10 });
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ path: "/admin/19.php", status: 404, ip: "203.0.113.66", userAgent: "sqlmap/1.7" });
    expect(rows[0]!.actor?.label).toBe("203.0.113.66");
  });

  it("finds an actor's requests, with the anonymous calls from the address linked to it", async () => {
    const rows = await huntRows(ctx, ours, { ...range, q: 'actor:"user alice"' });
    expect(rows.map((r) => r.path).sort()).toEqual([
      "/api/catalogue",
      "/api/catalogue",
      ...Array.from({ length: 10 }, (_, i) => `/api/orders/${i + 1}`).sort(),
    ]);
    expect(new Set(rows.map((r) => r.actor?.label))).toEqual(new Set(["user alice"]));
    // The same address's calls elsewhere are not hers; the other workspace's alice is not ours.
    expect((await huntHistogram(ctx, ours, { ...range, q: "user:alice" })).total).toBe(10);
  });

  it("shows the top values to pivot on, each with the term that adds it", async () => {
    const facets = Object.fromEntries(
      (await huntFacets(ctx, ours, { ...range, q: "" })).map((f) => [f.field, f.values]),
    );
    expect(facets.ip![0]).toMatchObject({ value: "203.0.113.66", n: 20, query: "ip:203.0.113.66" });
    expect(facets.actor!.find((v) => v.label === "user alice")).toMatchObject({
      n: 12,
      query: 'actor:"user alice"',
      href: expect.stringMatching(/^\/actors\/act_/),
    });
    expect(facets.status!.map((v) => [v.value, v.n])).toEqual(
      [
        ["200", 18],
        ["404", 20],
      ].sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    expect(facets.endpoint!.find((v) => v.label === "GET edge/api/orders/{orderId}")).toMatchObject({ n: 10 });
    expect(facets.ua![0]).toMatchObject({ value: "sqlmap/1.7", query: 'ua:"sqlmap/1.7"' });
  });

  it("aggregates with a stats pipe, by endpoint as the inventory names it", async () => {
    const stats = await huntStats(ctx, ours, { ...range, q: "status:200 | stats count() by endpoint, status" });
    expect(stats.by).toEqual(["endpoint", "status"]);
    expect(stats.rows.map((r) => [...r.values.map((v) => v.label), r.n])).toEqual([
      ["GET edge/api/orders/{orderId}", "200", 10],
      ["GET edge/api/catalogue", "200", 8],
    ]);
    // Refused probes are in no endpoint: named by method and path, with the terms that find them.
    const probes = await huntStats(ctx, ours, { ...range, q: "status:404 | stats count() by endpoint" });
    expect(probes.rows[0]!.values[0]).toMatchObject({
      label: expect.stringMatching(/^GET edge\/admin\/\d+\.php \(not in the inventory\)$/),
      query: expect.stringMatching(/^method:GET AND path:"\/admin\/\d+\.php"$/),
    });
    await expect(huntStats(ctx, ours, { ...range, q: "| stats count() by referer" })).rejects.toThrow(
      /not by "referer"/,
    );
  });

  it("never returns another workspace's requests, whatever the query", async () => {
    for (const q of ["", "path:/secret-b", "status:500", "*", 'tenant:"x" OR path:*', "ip:198.51.100.1"]) {
      const rows = await huntRows(ctx, ours, { ...range, q, limit: 500 }).catch(() => []);
      expect(
        rows.some((r) => r.path === "/secret-b"),
        q,
      ).toBe(false);
    }
    expect((await huntHistogram(ctx, ours, { ...range, q: "path:/secret-b" })).total).toBe(0);
  });

  it("exports the matches as CSV a spreadsheet cannot run, or as JSON lines", async () => {
    const traps = await testWorkspace(ctx, "Traps");
    await analyseLines(ctx, traps, [
      line("192.0.2.9", "-", 1, "GET /a", 200, "=HYPERLINK(https://evil.example)"),
      line("192.0.2.9", "-", 2, "GET /b", 200, "+cmd|' /C calc'!A0"),
    ]);
    const read = async (format: "csv" | "jsonl") => {
      const out: string[] = [];
      for await (const l of huntExport(ctx, traps, { ...range, q: "", format })) out.push(l);
      return out;
    };
    const csv = await read("csv");
    expect(csv[0]).toBe(
      "ts,method,host,path,status,ip,country,userAgent,referer,responseBytes,latencyMs,uploadId,line\n",
    );
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(`"'+cmd|' /C calc'!A0"`);
    expect(csv[2]).toContain(`"'=HYPERLINK(https://evil.example)"`);
    const jsonl = (await read("jsonl")).map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.path)).toEqual(["/b", "/a"]);
    expect(jsonl[1].userAgent).toBe("=HYPERLINK(https://evil.example)");
    // A query that cannot run fails before a line is sent.
    await expect(huntExport(ctx, traps, { ...range, q: "nope:1", format: "csv" }).next()).rejects.toThrow(
      /no field "nope"/,
    );
  });

  it("says what is wrong with a query, and where", async () => {
    await expect(huntRows(ctx, ours, { ...range, q: "status:>= AND" })).rejects.toThrow(/at character/);
    await expect(huntRows(ctx, ours, { ...range, q: "password:x" })).rejects.toThrow(
      /There is no field "password".*\(at character 1\)/,
    );
    await expect(huntRows(ctx, ours, { from: range.to, to: range.from, q: "" })).rejects.toThrow(/ends before/);
  });
});
