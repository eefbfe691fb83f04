// A stored request as evidence links to it: read back from a real upload
// after discovery and detection, with its endpoint, actor and judgement,
// personal data masked, and never from another workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { detectUpload } from "../detection/detect-upload";
import { discoverUpload } from "../discovery/discover-upload";
import { createTestServices, ingestLines, testWorkspace } from "../testing";
import { getStoredRequest } from "./stored-request";

const at = (minute: number) => `[16/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000]`;
const LINES = [
  // Line 1: alice's token in the URL (masked on arrival).
  `203.0.113.5 - alice ${at(0)} "GET /v1/users/42/orders?access_token=abc123secretvalue987 HTTP/1.1" 200 512 "-" "curl/8.5"`,
  // Line 2: an email in the path, without credentials.
  `198.51.100.9 - - ${at(1)} "GET /v1/profiles/jane.doe@example.com HTTP/1.1" 200 230 "-" "Mozilla/5.0"`,
  // Line 3: SQL injection in the query, answered 500.
  `198.51.100.9 - - ${at(2)} "GET /v1/search?q=1%27%20OR%20%271%27=%271 HTTP/1.1" 500 4100 "-" "sqlmap/1.8"`,
  // Enough users' orders for {id} to become a variable.
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `203.0.113.5 - alice ${at(3 + (i % 50))} "GET /v1/users/${100 + i * 7}/orders HTTP/1.1" 200 512 "-" "curl/8.5"`,
  ),
];

describe("a stored request, as evidence links to it", { timeout: 120_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let uploadId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Requests");
    otherTenantId = await testWorkspace(ctx, "Other");
    uploadId = await ingestLines(ctx, tenantId, LINES, {
      source: "edge-nginx",
      fileName: "access.log",
      formatSpec: { id: "combined" },
    });
    await discoverUpload({ db: ctx.db }, tenantId, uploadId);
    await detectUpload({ db: ctx.db }, tenantId, uploadId);
  });
  afterAll(() => drop());

  it("shows every field, the endpoint it was counted under and its actor, the token masked", async () => {
    const r = await getStoredRequest(ctx, tenantId, { uploadId, line: 1 });
    expect(r).toMatchObject({
      method: "GET",
      status: 200,
      responseBytes: 512,
      clientIp: "203.0.113.5",
      userAgent: "curl/8.5",
      upload: { id: uploadId, source: "edge-nginx", fileName: "access.log" },
    });
    expect(r.ts.toISOString()).toBe("2026-11-16T10:00:00.000Z");
    expect(r.target).toMatch(/^\/v1\/users\/42\/orders\?access_token=/);
    expect(r.target).not.toContain("abc123secretvalue987");
    expect(r.endpoint?.label).toMatch(/^GET .*\/v1\/users\/\{\w+\}\/orders$/);
    expect(r.actor?.label).toContain("alice");
    // The token in the query is a credential of its own, shown by its masked prefix and hash only.
    expect(r.identities).toEqual([
      expect.objectContaining({
        kind: "bearer",
        shown: expect.stringMatching(/^abc… #[\w-]{4}$/),
        source: "query:access_token",
      }),
      expect.objectContaining({ kind: "remote_user", shown: "alice" }),
    ]);
    expect(r.attacks).toEqual([]);
  });

  it("masks personal data in the path, and names payloads and sensitive data", async () => {
    const email = await getStoredRequest(ctx, tenantId, { uploadId, line: 2 });
    expect(email.target).not.toContain("jane.doe@example.com");
    expect(email.sensitive).toEqual(expect.arrayContaining([{ label: "Email addresses", where: "path" }]));
    expect(email.identities).toEqual([]);
    const injection = await getStoredRequest(ctx, tenantId, { uploadId, line: 3 });
    expect(injection).toMatchObject({ status: 500, attacks: ["SQL injection"] });
  });

  it("says why a request is missing, and never reads another workspace's", async () => {
    await expect(getStoredRequest(ctx, tenantId, { uploadId, line: 9_999 })).rejects.toThrow(
      /never stored, or it is older than this workspace keeps requests \(\d+ days\)/,
    );
    await expect(getStoredRequest(ctx, otherTenantId, { uploadId, line: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(getStoredRequest(ctx, tenantId, { uploadId, line: 0 })).rejects.toThrow();
  });
});
