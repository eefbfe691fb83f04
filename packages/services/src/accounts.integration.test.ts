import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { authenticate, signUp, EMAIL_TAKEN_MESSAGE, SIGN_UP_LIMIT } from "./accounts";
import { listAuditLog } from "./audit";
import { checkSignInLimits, SIGN_IN_LIMITS } from "./sign-in-limits";
import { createTestServices, testMeta } from "./testing";
import type { ServiceContext } from "./context";

describe("sign-up and sign-in", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ ctx, drop } = await createTestServices()));
  afterAll(() => drop());

  it("sign-up creates a person, a workspace named after the input, and makes them its Owner", async () => {
    const { user, workspace } = await signUp(
      ctx,
      { name: "Ada", email: "ada@acme.test", password: "correct horse battery", workspaceName: "Acme Corp" },
      testMeta,
    );
    expect(workspace).toMatchObject({ slug: "acme-corp", name: "Acme Corp", role: "OWNER" });
    const stored = await ctx.db.app.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
    const audit = await listAuditLog(ctx, workspace.tenantId, {});
    expect(audit.entries.map((e) => e.action)).toEqual(["workspace.created"]);
  });

  it("a second workspace with the same name gets its own slug", async () => {
    const { workspace } = await signUp(
      ctx,
      { name: "Bob", email: "bob@acme.test", password: "another long password", workspaceName: "Acme Corp" },
      testMeta,
    );
    expect(workspace.slug).toBe("acme-corp-2");
  });

  it("a taken email gets a clear message, whatever its case", async () => {
    await expect(
      signUp(
        ctx,
        { name: "Ada 2", email: "ada@acme.test", password: "correct horse battery", workspaceName: "Other" },
        testMeta,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
  });

  it("two sign-ups racing for one email: one wins, the other gets the clear message, nothing half-made is left", async () => {
    const input = (ws: string) => ({
      name: "Racer",
      email: "race@acme.test",
      password: "racing password!",
      workspaceName: ws,
    });
    const results = await Promise.allSettled([
      signUp(ctx, input("Race One"), testMeta),
      signUp(ctx, input("Race Two"), testMeta),
    ]);
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
    const wrong = await authenticate(ctx, { email: "ada@acme.test", password: "wrong password!" }, testMeta).catch(
      (e) => e,
    );
    const unknown = await authenticate(ctx, { email: "nobody@acme.test", password: "wrong password!" }, testMeta).catch(
      (e) => e,
    );
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.message).toBe(wrong.message);
  });

  it("slows one source guessing one account, even with the right password, while the owner still gets in; admins are told", async () => {
    const { workspace } = await signUp(
      ctx,
      { name: "Cy", email: "cy@target.test", password: "cy's real password", workspaceName: "Target" },
      testMeta,
    );
    // The owner signed in from the office before.
    const office = { ip: "203.0.113.40", userAgent: "firefox" };
    await authenticate(ctx, { email: "cy@target.test", password: "cy's real password" }, office);
    const attacker = { ip: "198.51.100.9", userAgent: "hydra" };
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndSource; i++) {
      await expect(
        authenticate(ctx, { email: "cy@target.test", password: `guess-number-${i}` }, attacker),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const slowed = await authenticate(ctx, { email: "cy@target.test", password: "cy's real password" }, attacker).catch(
      (e) => e,
    );
    expect(slowed).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many failed sign-in attempts\. Try again in (29|30) seconds\.$/),
    });
    // No lockout anyone can cause: the owner signs in from the office, and from a new place too.
    await expect(
      authenticate(ctx, { email: "cy@target.test", password: "cy's real password" }, office),
    ).resolves.toMatchObject({ email: "cy@target.test" });
    await expect(
      authenticate(
        ctx,
        { email: "cy@target.test", password: "cy's real password" },
        { ip: "192.0.2.77", userAgent: "phone" },
      ),
    ).resolves.toMatchObject({ email: "cy@target.test" });
    const audit = await listAuditLog(ctx, workspace.tenantId, {});
    const actions = audit.entries.map((e) => e.action);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(SIGN_IN_LIMITS.perAccountAndSource);
    expect(actions).toContain("auth.sign_in_rate_limited");
    expect(audit.entries.find((e) => e.action === "auth.sign_in_failed")?.ip).toBe("198.51.100.9");
  });

  it("the delay grows with each failure: 30 s, 60 s, 120 s… at most 15 minutes", async () => {
    await signUp(
      ctx,
      { name: "Gro", email: "gro@target.test", password: "gro's real password", workspaceName: "Grow" },
      testMeta,
    );
    const attacker = "198.51.100.10";
    const t0 = Date.now();
    const fail = (minutesLater: number) =>
      ctx.db.app.signInAttempt.create({
        data: {
          email: "gro@target.test",
          ip: attacker,
          success: false,
          createdAt: new Date(t0 + minutesLater * 60_000),
        },
      });
    for (let i = 0; i < 5; i++) await fail(0);
    const verdict = (secondsLater: number) =>
      checkSignInLimits(ctx.db, "gro@target.test", attacker, new Date(t0 + secondsLater * 1000));
    expect(await verdict(10)).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 20 });
    expect(await verdict(31)).toEqual({ allowed: true });
    await fail(1);
    expect(await verdict(61)).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 59 });
    for (let i = 0; i < 6; i++) await fail(2);
    // 12 failures: 30 s × 2^7 = 64 min, capped at 15.
    expect(await verdict(121)).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 899 });
  });

  it("many sources guessing one account slow strangers down, not the owner's known place", async () => {
    await signUp(
      ctx,
      { name: "Dee", email: "dee@target.test", password: "dee's real password", workspaceName: "Distributed" },
      testMeta,
    );
    const home = { ip: "203.0.113.50", userAgent: "safari" };
    await authenticate(ctx, { email: "dee@target.test", password: "dee's real password" }, home);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      await authenticate(
        ctx,
        { email: "dee@target.test", password: `botnet-${i}` },
        { ip: `198.51.100.${100 + i}`, userAgent: "bot" },
      ).catch(() => {});
    }
    await expect(
      authenticate(
        ctx,
        { email: "dee@target.test", password: "dee's real password" },
        { ip: "198.51.100.200", userAgent: "bot" },
      ),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(
      authenticate(ctx, { email: "dee@target.test", password: "dee's real password" }, home),
    ).resolves.toMatchObject({ email: "dee@target.test" });
  });

  it("blocks a source spraying one password across many accounts", async () => {
    const ip = { ip: "192.0.2.55", userAgent: "spray" };
    for (let i = 0; i < SIGN_IN_LIMITS.perSource; i++) {
      await authenticate(ctx, { email: `victim${i}@spray.test`, password: "Winter2026!!" }, ip).catch(() => {});
    }
    const blocked = await authenticate(ctx, { email: "ada@acme.test", password: "correct horse battery" }, ip).catch(
      (e) => e,
    );
    expect(blocked).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/Try again in 1[45] minutes/),
    });
    // The same person from their own address is not affected.
    await expect(
      authenticate(ctx, { email: "ada@acme.test", password: "correct horse battery" }, testMeta),
    ).resolves.toMatchObject({ email: "ada@acme.test" });
  });

  it("keeps workspaces apart in the audit log", async () => {
    const { workspace } = await signUp(
      ctx,
      { name: "Di", email: "di@solo.test", password: "di's own password", workspaceName: "Solo" },
      testMeta,
    );
    const entries = await withTenant(ctx.db, workspace.tenantId, (tx) =>
      tx.auditLog.findMany({ select: { tenantId: true } }),
    );
    expect(new Set(entries.map((e) => e.tenantId))).toEqual(new Set([workspace.tenantId]));
  });

  it("refuses an eleventh account from one address within the hour, with the wait; other addresses sign up", async () => {
    const limited = await createTestServices({ signUpsPerHour: SIGN_UP_LIMIT });
    try {
      const bot = { ip: "198.51.100.99", userAgent: "bot" };
      for (let i = 0; i < SIGN_UP_LIMIT; i++) {
        await signUp(
          limited.ctx,
          { name: `Bot ${i}`, email: `bot${i}@spam.test`, password: "bot's password!", workspaceName: `Spam ${i}` },
          bot,
        );
      }
      await expect(
        signUp(
          limited.ctx,
          { name: "Bot", email: "bot-more@spam.test", password: "bot's password!", workspaceName: "Spam more" },
          bot,
        ),
      ).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(
          /^Too many accounts were created from your network in the last hour\. Try again in (59|60) minutes\.$/,
        ),
      });
      expect(await limited.ctx.db.app.user.count({ where: { email: "bot-more@spam.test" } })).toBe(0);
      await expect(
        signUp(
          limited.ctx,
          { name: "Real", email: "real@person.test", password: "a real password", workspaceName: "Real" },
          testMeta,
        ),
      ).resolves.toBeDefined();
    } finally {
      await limited.drop();
    }
  });
});
