// Which accounts a stuffing attack got into, on the real database: a sign-in
// names no account in an access log, but the credential its address calls
// with in the hour after does.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { whoSignedIn } from "./signed-in";

const at = (h: number, m: number) => `[16/Nov/2026:${h}:${String(m).padStart(2, "0")}:00 +0000]`;
const line = (ip: string, user: string, time: string, request: string, status = 200) =>
  `${ip} - ${user} ${time} "${request} HTTP/1.1" ${status} 512 "-" "python-requests/2.31.0"`;
const LOG = [
  line("203.0.113.9", "-", at(10, 0), "POST /v1/auth/login"),
  ...[5, 6, 7].map((m) => line("203.0.113.9", "mallory", at(10, m), "GET /v1/accounts/me")),
  // Outside the hour after, and from another address: not what this sign-in let in.
  line("203.0.113.9", "eve", at(11, 30), "GET /v1/accounts/me"),
  line("198.51.100.1", "bob", at(10, 6), "GET /v1/accounts/me"),
  line("192.0.2.44", "-", at(10, 1), "POST /v1/auth/login"),
];

describe("who a successful sign-in let in", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let uploadId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Signed In");
    otherTenantId = await testWorkspace(ctx, "Elsewhere");
    uploadId = await analyseLines(ctx, tenantId, LOG);
  });
  afterAll(() => drop());

  const signIns = () => [
    { ref: { uploadId, line: 1 }, ip: "203.0.113.9", ts: Date.UTC(2026, 10, 16, 10, 0) },
    { ref: { uploadId, line: 7 }, ip: "192.0.2.44", ts: Date.UTC(2026, 10, 16, 10, 1) },
  ];

  it("names the accounts each address called as in the hour after, linked to their actors", async () => {
    const [first, second] = await withTenant(ctx.db, tenantId, (tx) => whoSignedIn(tx, tenantId, signIns()));
    expect(first!.calledAs).toEqual([
      { actorId: expect.stringMatching(/^act_/), label: expect.stringContaining("mallory"), calls: 3 },
    ]);
    expect(first).toMatchObject({ uploadId, line: 1, ip: "203.0.113.9" });
    expect(second!.calledAs).toEqual([]);
  });

  it("finds nothing of another workspace's traffic", async () => {
    const found = await withTenant(ctx.db, otherTenantId, (tx) => whoSignedIn(tx, otherTenantId, signIns()));
    expect(found.map((s) => s.calledAs)).toEqual([[], []]);
  });
});
