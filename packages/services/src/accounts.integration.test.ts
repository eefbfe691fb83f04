import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { authenticate, signUp, EMAIL_TAKEN_MESSAGE } from "./accounts";
import { listAuditLog } from "./audit";
import { SIGN_IN_LIMITS } from "./sign-in-limits";
import { createTestServices, testMeta } from "./testing";
import type { ServiceContext } from "./context";

describe("sign-up and sign-in", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ ctx, drop } = await createTestServices()));
  afterAll(() => drop());

  it("sign-up creates a person, a workspace named after the input, and makes them its Owner", async () => {
    const { user, workspace } = await signUp(ctx, { name: "Ada", email: "ada@acme.test", password: "correct horse battery", workspaceName: "Acme Corp" }, testMeta);
    expect(workspace).toMatchObject({ slug: "acme-corp", name: "Acme Corp", role: "OWNER" });
    const stored = await ctx.db.app.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
    const audit = await listAuditLog(ctx, workspace.tenantId, {});
    expect(audit.entries.map((e) => e.action)).toEqual(["workspace.created"]);
  });

  it("a second workspace with the same name gets its own slug", async () => {
    const { workspace } = await signUp(ctx, { name: "Bob", email: "bob@acme.test", password: "another long password", workspaceName: "Acme Corp" }, testMeta);
    expect(workspace.slug).toBe("acme-corp-2");
  });

  it("a taken email gets a clear message, whatever its case", async () => {
    await expect(
      signUp(ctx, { name: "Ada 2", email: "ada@acme.test", password: "correct horse battery", workspaceName: "Other" }, testMeta),
    ).rejects.toMatchObject({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
  });

  it("two sign-ups racing for one email: one wins, the other gets the clear message, nothing half-made is left", async () => {
    const input = (ws: string) => ({ name: "Racer", email: "race@acme.test", password: "racing password!", workspaceName: ws });
    const results = await Promise.allSettled([signUp(ctx, input("Race One"), testMeta), signUp(ctx, input("Race Two"), testMeta)]);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
    expect(await ctx.db.app.user.count({ where: { email: "race@acme.test" } })).toBe(1);
    const tenants = await ctx.db.system.tenant.findMany({ where: { name: { startsWith: "Race " } } });
    expect(tenants).toHaveLength(1);
  });

  it("signs in with the right password and refuses a wrong one with the same message as an unknown email", async () => {
    const ok = await authenticate(ctx, { email: "ADA@acme.test", password: "correct horse battery" }, testMeta);
    expect(ok.email).toBe("ada@acme.test");
    const wrong = await authenticate(ctx, { email: "ada@acme.test", password: "wrong password!" }, testMeta).catch((e) => e);
    const unknown = await authenticate(ctx, { email: "nobody@acme.test", password: "wrong password!" }, testMeta).catch((e) => e);
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.message).toBe(wrong.message);
  });

  it("locks an account after repeated failures, even with the right password, and tells its admins", async () => {
    const { workspace } = await signUp(ctx, { name: "Cy", email: "cy@target.test", password: "cy's real password", workspaceName: "Target" }, testMeta);
    const attacker = { ip: "198.51.100.9", userAgent: "hydra" };
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      await expect(authenticate(ctx, { email: "cy@target.test", password: `guess-number-${i}` }, attacker)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const locked = await authenticate(ctx, { email: "cy@target.test", password: "cy's real password" }, attacker).catch((e) => e);
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/Try again in 1[45] minutes/);
    const audit = await listAuditLog(ctx, workspace.tenantId, {});
    const actions = audit.entries.map((e) => e.action);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(SIGN_IN_LIMITS.perAccount);
    expect(actions).toContain("auth.sign_in_rate_limited");
    expect(audit.entries.find((e) => e.action === "auth.sign_in_failed")?.ip).toBe("198.51.100.9");
  });

  it("slows a brute-force run from one IP across many accounts", async () => {
    const ip = { ip: "192.0.2.55", userAgent: "spray" };
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) {
      await authenticate(ctx, { email: `victim${i}@spray.test`, password: "Winter2026!!" }, ip).catch(() => {});
    }
    await expect(authenticate(ctx, { email: "ada@acme.test", password: "correct horse battery" }, ip)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // The same person from their own address is not affected.
    await expect(authenticate(ctx, { email: "ada@acme.test", password: "correct horse battery" }, testMeta)).resolves.toMatchObject({ email: "ada@acme.test" });
  });

  it("keeps workspaces apart in the audit log", async () => {
    const { workspace } = await signUp(ctx, { name: "Di", email: "di@solo.test", password: "di's own password", workspaceName: "Solo" }, testMeta);
    const entries = await withTenant(ctx.db, workspace.tenantId, (tx) => tx.auditLog.findMany({ select: { tenantId: true } }));
    expect(new Set(entries.map((e) => e.tenantId))).toEqual(new Set([workspace.tenantId]));
  });
});
