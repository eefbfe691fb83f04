// Tenant isolation over real HTTP: workspace A's member and token, pointed at
// workspace B's objects, get 404 and change nothing.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ID_TAKING_PROCEDURES, type IdTakingProcedure, SELECTION_PROCEDURES } from "@lantern/api/isolation-targets";
import { signUpViaApi, trpc, uniqueEmail } from "./helpers";

type Workspace = {
  request: APIRequestContext;
  slug: string;
  memberId: string;
  userId: string;
  invitationId: string;
  tokenId: string;
  token: string;
  uploadId: string;
  endpointId: string;
  serviceId: string;
  alertId: string;
  findingId: string;
  actorId: string;
  suppressionId: string;
  threatListId: string;
  blockId: string;
  allowId: string;
  integrationId: string;
  deliveryId: string;
  policyId: string;
  matchId: string;
  huntId: string;
};

/** A day of a sign-in endpoint: three quiet hours, then an hour of failures from 30 addresses (an alert). */
function signInLog(name: string): string {
  const line = (ip: string, hour: number, minute: number, path: string, status: number) =>
    `${ip} - - [22/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "${path} HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, "POST /login", 200)));
  const attack = Array.from({ length: 30 }, (_, i) => line(`203.0.113.${i + 1}`, 11, i, "POST /login", 401));
  // A token in a URL: a posture finding (credentials-in-url) on the workspace's own endpoint.
  const leak = line("192.0.2.1", 10, 0, `GET /${name}?access_token=tok-${name}`, 200);
  return `${[leak, ...quiet, ...attack].join("\n")}\n`;
}

async function workspaceWithObjects(request: APIRequestContext, name: string): Promise<Workspace> {
  const slug = await signUpViaApi(request, { name, email: uniqueEmail(name.toLowerCase()), workspace: name });
  const invited = await trpc(
    request,
    "invitations.create",
    { email: uniqueEmail("invitee"), role: "VIEWER" },
    { workspace: slug },
  );
  const token = await trpc(request, "tokens.create", { name: `${name} token`, scopes: ["read"] }, { workspace: slug });
  const members = await trpc(request, "members.list", undefined, { workspace: slug, kind: "query" });
  // An integration with a delivery, and a policy switched on before the upload, so it suggests a block on its alert.
  const integration = await trpc(
    request,
    "integrations.create",
    { kind: "webhook", name: `${name} hook`, url: "http://127.0.0.1:9/hook" },
    { workspace: slug },
  );
  const integrationId = integration.data.integration.id;
  const tested = await trpc(request, "integrations.test", { integrationId }, { workspace: slug });
  const policy = await trpc(
    request,
    "policies.create",
    {
      name: `${name} policy`,
      trigger: { detectors: ["credential-stuffing"] },
      actions: { notify: [], block: { list: "BLOCK", targets: "addresses" } },
      mode: "SUGGEST",
    },
    { workspace: slug },
  );
  const policyId = policy.data.id;
  const hunt = await trpc(request, "hunt.save", { name: `${name} hunt`, query: "status:401" }, { workspace: slug });
  await trpc(request, "policies.dryRun", { policyId }, { workspace: slug });
  await trpc(request, "policies.setEnabled", { policyId, enabled: true }, { workspace: slug });
  const upload = await request.post("/api/uploads?fileName=tiny.log", {
    headers: { "x-lantern-workspace": slug },
    data: signInLog(name),
  });
  expect(upload.status()).toBe(202);
  // The worker ingests the lines, discovers their endpoints, then raises the alert.
  let endpointId = "";
  let serviceId = "";
  let alertId = "";
  let actorId = "";
  let findingId = "";
  await expect(async () => {
    const list = await trpc(request, "inventory.endpoints", {}, { workspace: slug, kind: "query" });
    endpointId = list.data.rows[0]?.id;
    serviceId = list.data.rows[0]?.serviceId;
    expect(endpointId).toBeTruthy();
    const alerts = await trpc(request, "alerts.list", {}, { workspace: slug, kind: "query" });
    alertId = alerts.data.rows[0]?.id;
    expect(alertId).toBeTruthy();
    const actors = await trpc(request, "actors.list", {}, { workspace: slug, kind: "query" });
    actorId = actors.data.rows[0]?.id;
    expect(actorId).toBeTruthy();
    const findings = await trpc(request, "findings.list", {}, { workspace: slug, kind: "query" });
    findingId = findings.data.rows[0]?.id;
    expect(findingId).toBeTruthy();
  }).toPass({ timeout: 30_000 });
  let matchId = "";
  await expect(async () => {
    const matches = await trpc(request, "policies.forAlert", { alertId }, { workspace: slug, kind: "query" });
    matchId = matches.data[0]?.id;
    expect(matchId).toBeTruthy();
  }).toPass({ timeout: 30_000 });
  const suppression = await trpc(
    request,
    "suppressions.create",
    { kind: "network", cidr: "192.0.2.0/24", reason: `${name}'s scanner` },
    { workspace: slug },
  );
  const list = await trpc(
    request,
    "threatLists.import",
    { name: `${name} blocklist`, text: "203.0.113.0/24\n" },
    { workspace: slug },
  );
  const block = await trpc(
    request,
    "response.block",
    { kind: "cidr", value: "203.0.113.1", reason: `${name}'s stuffing address`, alertId },
    { workspace: slug },
  );
  const allow = await trpc(
    request,
    "response.allow",
    { kind: "cidr", value: "198.51.100.0/24", reason: `${name}'s office` },
    { workspace: slug },
  );
  return {
    request,
    slug,
    blockId: block.data.id,
    allowId: allow.data.id,
    integrationId,
    deliveryId: tested.data.deliveryId,
    policyId,
    matchId,
    huntId: hunt.data.id,
    suppressionId: suppression.data.id,
    threatListId: list.data.id,
    memberId: members.data[0].id,
    userId: members.data[0].userId,
    invitationId: invited.data.id,
    tokenId: token.data.id,
    token: token.data.token,
    uploadId: (await upload.json()).id,
    endpointId,
    serviceId,
    alertId,
    findingId,
    actorId,
  };
}

/** How to aim each id-taking procedure at another workspace's object. */
const QUERIES: IdTakingProcedure[] = [
  "uploads.get",
  "inventory.endpoint",
  "inventory.exportOpenApi",
  "inventory.traffic",
  "inventory.map",
  "alerts.get",
  "findings.get",
  "actors.get",
  "actors.related",
  "actors.sessions",
  "requests.get",
  "integrations.deliveries",
  "policies.forAlert",
  "response.previewAlert",
];
/** Procedures refusing one other workspace's id with a 404; selections have their own test below. */
type Refusing = Exclude<IdTakingProcedure, (typeof SELECTION_PROCEDURES)[number]>;
const refusing = (p: IdTakingProcedure): p is Refusing => !(SELECTION_PROCEDURES as readonly string[]).includes(p);
const ATTACKS: Record<Refusing, (victim: Workspace) => unknown> = {
  "uploads.get": (v) => ({ uploadId: v.uploadId }),
  "inventory.endpoint": (v) => ({ endpointId: v.endpointId }),
  "inventory.exportOpenApi": (v) => ({ serviceId: v.serviceId }),
  "inventory.traffic": (v) => ({ endpointId: v.endpointId }),
  "inventory.map": (v) => ({ serviceId: v.serviceId }),
  "inventory.markVariable": (v) => ({ endpointId: v.endpointId, position: 0 }),
  "inventory.keepLiteral": (v) => ({ endpointId: v.endpointId, position: 0, value: "me" }),
  "members.changeRole": (v) => ({ memberId: v.memberId, role: "VIEWER" }),
  "members.remove": (v) => ({ memberId: v.memberId }),
  "members.resetLink": (v) => ({ memberId: v.memberId }),
  "invitations.revoke": (v) => ({ invitationId: v.invitationId }),
  "tokens.revoke": (v) => ({ tokenId: v.tokenId }),
  "alerts.get": (v) => ({ alertId: v.alertId }),
  "alerts.update": (v) => ({ alertId: v.alertId, status: "RESOLVED" }),
  "alerts.comment": (v) => ({ alertId: v.alertId, text: "mine now" }),
  "findings.get": (v) => ({ findingId: v.findingId }),
  "findings.accept": (v) => ({ findingId: v.findingId, reason: "not my problem" }),
  "findings.reopen": (v) => ({ findingId: v.findingId }),
  "findings.assign": (v) => ({ findingId: v.findingId, ownerId: null }),
  "findings.comment": (v) => ({ findingId: v.findingId, text: "mine now" }),
  "actors.get": (v) => ({ actorId: v.actorId }),
  "actors.related": (v) => ({ actorId: v.actorId }),
  "actors.sessions": (v) => ({ actorId: v.actorId }),
  "requests.get": (v) => ({ uploadId: v.uploadId, line: 1 }),
  "response.block": (v) => ({ kind: "cidr", value: "192.0.2.77", reason: "pinned on their alert", alertId: v.alertId }),
  "response.unblock": (v) => ({ entryId: v.blockId }),
  "response.previewAlert": (v) => ({ alertId: v.alertId }),
  "response.blockAlert": (v) => ({ alertId: v.alertId, reason: "their whole botnet" }),
  "response.disallow": (v) => ({ allowId: v.allowId }),
  "suppressions.create": (v) => ({ kind: "actor", actorId: v.actorId, reason: "allow-list their actor" }),
  "suppressions.delete": (v) => ({ suppressionId: v.suppressionId }),
  "threatLists.delete": (v) => ({ listId: v.threatListId }),
  "integrations.setEnabled": (v) => ({ integrationId: v.integrationId, enabled: false }),
  "integrations.remove": (v) => ({ integrationId: v.integrationId }),
  "integrations.test": (v) => ({ integrationId: v.integrationId }),
  "integrations.deliveries": (v) => ({ integrationId: v.integrationId }),
  "integrations.redeliver": (v) => ({ deliveryId: v.deliveryId }),
  "policies.update": (v) => ({
    policyId: v.policyId,
    name: "taken over",
    trigger: {},
    actions: { notify: [], block: { list: "BLOCK", targets: "addresses" } },
  }),
  "policies.dryRun": (v) => ({ policyId: v.policyId }),
  "policies.setEnabled": (v) => ({ policyId: v.policyId, enabled: false }),
  "policies.remove": (v) => ({ policyId: v.policyId }),
  "policies.forAlert": (v) => ({ alertId: v.alertId }),
  "policies.decide": (v) => ({ matchId: v.matchId, decision: "confirm" }),
  "hunt.change": (v) => ({ huntId: v.huntId, name: "taken over", query: "status:200" }),
  "hunt.setDetector": (v) => ({ huntId: v.huntId, detector: true, severity: "CRITICAL" }),
  "hunt.remove": (v) => ({ huntId: v.huntId }),
};

test.describe("tenant isolation", () => {
  let a: Workspace;
  let b: Workspace;
  test.beforeAll(async ({ playwright }) => {
    const base = process.env.LANTERN_E2E_BASE_URL ?? "http://127.0.0.1:3000";
    a = await workspaceWithObjects(await playwright.request.newContext({ baseURL: base }), "Alpha");
    b = await workspaceWithObjects(await playwright.request.newContext({ baseURL: base }), "Bravo");
  });

  for (const procedure of ID_TAKING_PROCEDURES.filter(refusing)) {
    test(`${procedure} with another workspace's id is 404 and changes nothing`, async () => {
      const before = await snapshot(b);
      const res = await trpc(a.request, procedure, ATTACKS[procedure](b), {
        workspace: a.slug,
        kind: QUERIES.includes(procedure) ? "query" : "mutation",
      });
      expect(res.status).toBe(404);
      expect(res.error?.data.code).toBe("NOT_FOUND");
      expect(await snapshot(b)).toEqual(before);
    });
  }

  test("a bulk status change naming another workspace's alert changes nothing there", async () => {
    const before = await snapshot(b);
    const res = await trpc(
      a.request,
      "alerts.bulkUpdate",
      { alertIds: [b.alertId], status: "RESOLVED" },
      { workspace: a.slug },
    );
    expect(res.data).toEqual({ updated: 0 });
    // Nor does handing it to one of that workspace's members: they are no member here.
    const assign = await trpc(
      a.request,
      "alerts.bulkUpdate",
      { alertIds: [b.alertId], assigneeId: b.userId },
      { workspace: a.slug },
    );
    expect(assign.error?.data.code).toBe("BAD_REQUEST");
    expect(await snapshot(b)).toEqual(before);
  });

  test("naming another workspace in the URL is 404 for every dashboard call", async () => {
    for (const path of [
      "workspace.current",
      "members.list",
      "invitations.list",
      "tokens.list",
      "audit.list",
      "uploads.list",
      "inventory.services",
      "inventory.changes",
      "alerts.list",
      "actors.list",
      "suppressions.list",
      "threatLists.list",
      "response.blocks",
      "response.allowList",
      "integrations.list",
      "policies.list",
      "hunt.saved",
      "hunt.extent",
    ]) {
      const res = await trpc(
        a.request,
        path,
        ["audit.list", "alerts.list", "actors.list", "response.blocks"].includes(path) ? {} : undefined,
        { workspace: b.slug, kind: "query" },
      );
      expect(res.error?.data.code, path).toBe("NOT_FOUND");
    }
    const page = await a.request.get(`/w/${b.slug}`);
    expect(page.status()).toBe(404);
    // A hunt's export names its workspace in the URL: another workspace's is 404 too.
    const hunt = new URLSearchParams({
      workspace: b.slug,
      q: "",
      from: "2026-11-01T00:00:00Z",
      to: "2026-12-01T00:00:00Z",
    });
    const exported = await a.request.get(`/api/hunt/export?${hunt}`);
    expect(exported.status()).toBe(404);
  });

  test("a token of workspace A reads A and only A; bad tokens are refused", async ({ request }) => {
    // Uploading into another workspace through the dashboard route is refused too.
    const intoB = await a.request.post("/api/uploads", { headers: { "x-lantern-workspace": b.slug }, data: "x" });
    expect(intoB.status()).toBe(404);
    const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${a.token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).workspace.slug).toBe(a.slug);
    const meB = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${b.token}` } });
    expect((await meB.json()).workspace.slug).toBe(b.slug);

    // The inventory over REST: A's token sees A's endpoint, and B's endpoint id is 404.
    const list = await request.get("/api/v1/endpoints?pageSize=10", {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(list.status()).toBe(200);
    // A's two endpoints (its page and its sign-in), none of B's.
    const ids: string[] = (await list.json()).rows.map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(a.endpointId);
    expect(ids).not.toContain(b.endpointId);
    expect(
      (
        await request.get(`/api/v1/endpoints/${a.endpointId}`, { headers: { authorization: `Bearer ${a.token}` } })
      ).status(),
    ).toBe(200);
    const other = await request.get(`/api/v1/endpoints/${b.endpointId}`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(other.status()).toBe(404);
    expect(
      (
        await request.get("/api/v1/endpoints?direction=sideways", { headers: { authorization: `Bearer ${a.token}` } })
      ).status(),
    ).toBe(400);
    const changes = await (
      await request.get("/api/v1/changes", { headers: { authorization: `Bearer ${a.token}` } })
    ).json();
    expect(
      changes.changes.every((c: { endpointId: string | null }) => c.endpointId === null || ids.includes(c.endpointId)),
    ).toBe(true);

    // Alerts over REST (a SIEM's pull): A's alert, not B's; B's id is 404; a bad filter is 400.
    const alerts = await (
      await request.get("/api/v1/alerts", { headers: { authorization: `Bearer ${a.token}` } })
    ).json();
    expect(alerts.rows.map((r: { id: string }) => r.id)).toEqual([a.alertId]);
    expect(alerts.rows[0].explanation).toMatch(/^30 failed sign-ins on POST \S*\/login /);
    const alert = await request.get(`/api/v1/alerts/${a.alertId}`, { headers: { authorization: `Bearer ${a.token}` } });
    expect((await alert.json()).events.length).toBe(30);
    expect(
      (await request.get(`/api/v1/alerts/${b.alertId}`, { headers: { authorization: `Bearer ${a.token}` } })).status(),
    ).toBe(404);
    expect(
      (
        await request.get("/api/v1/alerts?severity=apocalyptic", { headers: { authorization: `Bearer ${a.token}` } })
      ).status(),
    ).toBe(400);
    const later = await (
      await request.get(`/api/v1/alerts?updatedSince=${encodeURIComponent(alerts.rows[0].updatedAt)}`, {
        headers: { authorization: `Bearer ${a.token}` },
      })
    ).json();
    expect(later.rows).toEqual([]);
    // A time range: the alert's own span finds it; a range that ends before it starts is refused with the reason.
    const span = `from=${encodeURIComponent(alerts.rows[0].firstSeen)}&to=${encodeURIComponent(alerts.rows[0].lastSeen)}`;
    expect(
      (await (await request.get(`/api/v1/alerts?${span}`, { headers: { authorization: `Bearer ${a.token}` } })).json())
        .total,
    ).toBe(1);
    const backwards = await request.get(
      `/api/v1/alerts?from=${encodeURIComponent(alerts.rows[0].lastSeen)}&to=2000-01-01T00:00:00Z`,
      { headers: { authorization: `Bearer ${a.token}` } },
    );
    expect(backwards.status()).toBe(400);
    expect(JSON.stringify(await backwards.json())).toContain("The time range ends before it starts.");

    expect((await request.get("/api/v1/me")).status()).toBe(401);
    const forged = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${a.token.slice(0, -2)}zz` } });
    expect(forged.status()).toBe(401);
    expect((await forged.json()).error.message).toBe("This API token is not valid or was revoked.");

    // A token is not a session: it opens no dashboard call.
    const viaTrpc = await request.get(
      `/api/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ json: null }))}`,
      {
        headers: { authorization: `Bearer ${a.token}`, "x-lantern-workspace": a.slug },
      },
    );
    expect(viaTrpc.status()).toBe(401);
  });

  test("an ingest-only token cannot read; a revoked token stops at once", async ({ request }) => {
    const ingest = await trpc(
      a.request,
      "tokens.create",
      { name: "shipper", scopes: ["ingest"] },
      { workspace: a.slug },
    );
    const res = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${ingest.data.token}` } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.message).toContain('lacks the "read" scope');

    const temp = await trpc(a.request, "tokens.create", { name: "temp", scopes: ["read"] }, { workspace: a.slug });
    expect(
      (await request.get("/api/v1/me", { headers: { authorization: `Bearer ${temp.data.token}` } })).status(),
    ).toBe(200);
    await trpc(a.request, "tokens.revoke", { tokenId: temp.data.id }, { workspace: a.slug });
    expect(
      (await request.get("/api/v1/me", { headers: { authorization: `Bearer ${temp.data.token}` } })).status(),
    ).toBe(401);
  });

  test("the OpenAPI document describes /api/v1 and unknown routes answer JSON 404", async ({ request }) => {
    const doc = await (await request.get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/me"].get.responses).toHaveProperty("401");
    const missing = await request.get("/api/v1/nothing-here", { headers: { authorization: `Bearer ${a.token}` } });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
  });
});

/** What B looks like to its own admin: members with roles, pending invitations, live tokens. */
async function snapshot(w: Workspace) {
  const [
    members,
    invitations,
    tokens,
    alert,
    suppressions,
    lists,
    finding,
    blocks,
    allowed,
    integrations,
    policies,
    hunts,
  ] = await Promise.all([
    trpc(w.request, "members.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "invitations.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "tokens.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "alerts.get", { alertId: w.alertId }, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "suppressions.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "threatLists.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "findings.get", { findingId: w.findingId }, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "response.blocks", {}, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "response.allowList", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "integrations.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "policies.list", undefined, { workspace: w.slug, kind: "query" }),
    trpc(w.request, "hunt.saved", undefined, { workspace: w.slug, kind: "query" }),
  ]);
  return {
    members: members.data.map((m: { id: string; role: string }) => [m.id, m.role]),
    invitations: invitations.data.map((i: { id: string; status: string }) => [i.id, i.status]),
    tokens: tokens.data.map((t: { id: string; revokedAt: string | null }) => [t.id, t.revokedAt]),
    alert: [alert.data.status, alert.data.activity.length],
    suppressions: suppressions.data.map((x: { id: string; hits: number }) => [x.id, x.hits]),
    lists: lists.data.map((x: { id: string; entries: number }) => [x.id, x.entries]),
    finding: [finding.data.status, finding.data.acceptedReason],
    blocks: blocks.data.map((x: { id: string; expiresAt: string | null }) => [x.id, x.expiresAt]),
    allowed: allowed.data.map((x: { id: string }) => x.id),
    integrations: integrations.data.map((x: { id: string; enabled: boolean }) => [x.id, x.enabled]),
    policies: policies.data.map(
      (x: {
        id: string;
        name: string;
        enabled: boolean;
        lastDryRun: { ranAt: string } | null;
        matches: Record<string, number>;
      }) => [x.id, x.name, x.enabled, x.lastDryRun?.ranAt ?? null, JSON.stringify(x.matches)],
    ),
    hunts: hunts.data.map((x: { id: string; name: string; query: string; detector: boolean; severity: string }) => [
      x.id,
      x.name,
      x.query,
      x.detector,
      x.severity,
    ]),
  };
}
