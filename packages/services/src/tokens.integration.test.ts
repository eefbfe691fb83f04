import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./accounts";
import { listAuditLog } from "./audit";
import { createApiToken, listApiTokens, revokeApiToken, unsafeAuthenticateApiToken } from "./tokens";
import { createTestServices, testMeta } from "./testing";
import type { ServiceContext } from "./context";

describe("API tokens", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ ctx, drop } = await createTestServices()));
  afterAll(() => drop());

  it("is shown once, stored as a hash, authenticates its workspace with its scopes, and stops working when revoked", async () => {
    const { user, workspace } = await signUp(
      ctx,
      { name: "T", email: "t@tok.test", password: "t's password!!", workspaceName: "Tok" },
      testMeta,
    );
    const actor = { id: user.id, label: user.email };
    const created = await createApiToken(
      ctx,
      workspace.tenantId,
      actor,
      { name: "fluent-bit", scopes: ["ingest", "read", "ingest"] },
      testMeta,
    );
    expect(created.token).toMatch(/^lt_[A-Za-z0-9_-]{43}$/);
    expect(created.scopes).toEqual(["ingest", "read"]);

    const rows = await ctx.db.system.$queryRaw<Record<string, unknown>[]>`SELECT * FROM api_tokens`;
    expect(JSON.stringify(rows)).not.toContain(created.token);
    const listed = await listApiTokens(ctx, workspace.tenantId);
    expect(listed[0]).not.toHaveProperty("tokenHash");
    expect(listed[0]!.lastUsedAt).toBeNull();

    const principal = await unsafeAuthenticateApiToken(ctx, created.token);
    expect(principal).toMatchObject({ tenantId: workspace.tenantId, tenantSlug: "tok", scopes: ["ingest", "read"] });
    expect((await listApiTokens(ctx, workspace.tenantId))[0]!.lastUsedAt).toBeInstanceOf(Date);

    expect(await unsafeAuthenticateApiToken(ctx, `${created.token.slice(0, -1)}x`)).toBeNull();
    expect(await unsafeAuthenticateApiToken(ctx, "not a token")).toBeNull();

    await revokeApiToken(ctx, workspace.tenantId, actor, created.id, testMeta);
    expect(await unsafeAuthenticateApiToken(ctx, created.token)).toBeNull();
    const actions = (await listAuditLog(ctx, workspace.tenantId, {})).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["token.created", "token.revoked"]));
  });
});
